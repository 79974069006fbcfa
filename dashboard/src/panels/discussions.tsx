import { useEffect, useState } from 'preact/hooks';
import { live } from '../live';
import { type Page, type Schema, api } from '../api';
import { Countdown, Empty, ErrorNote, ListDetail, Time, dataField, useLive } from '../ui';

type DiscussionSummary = Schema<'DiscussionSummaryDto'>;
type Discussion = Schema<'DiscussionDto'>;

interface Speaking {
  speaker: string;
  messageId: string;
  text: string;
}

/** The agent speaking now, its words as they stream (signals of the discussion's room). */
function useSpeaking(id: string): Speaking | null {
  const [speaking, setSpeaking] = useState<Speaking | null>(null);
  useEffect(() => {
    const stopWatching = live.watch(`discussion:${id}`);
    const stopSignals = live.onSignal((signal) => {
      if (signal.room !== `discussion:${id}` || !signal.data) return;
      const { speaker, messageId, delta } = signal.data;
      if (typeof speaker !== 'string' || typeof messageId !== 'string') return;
      if (signal.kind === 'discussions.turn.started') setSpeaking({ speaker, messageId, text: '' });
      else if (signal.kind === 'discussions.turn.delta' && typeof delta === 'string')
        setSpeaking((now) => (now?.messageId === messageId ? { ...now, text: now.text + delta } : { speaker, messageId, text: delta }));
      else if (signal.kind === 'discussions.turn.done') setSpeaking((now) => (now?.messageId === messageId ? null : now));
    });
    return () => {
      stopSignals();
      stopWatching();
    };
  }, [id]);
  return speaking;
}

function Detail({ id }: { id: string }) {
  const speaking = useSpeaking(id);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const detail = useLive(
    () => api<Discussion>(`/discussions/${id}`),
    (event) => dataField(event, 'discussionId') === id,
    [id],
  );
  if (detail.error) return <ErrorNote error={detail.error} />;
  const discussion = detail.data;
  if (!discussion) return <p class="muted">Loading…</p>;
  return (
    <article class="card detail">
      <h2>{discussion.goal}</h2>
      <p>
        <span class="badge">{discussion.state.replace('_', ' ')}</span> phase <strong>{discussion.phase}</strong>, round {discussion.round}{' '}
        of {discussion.maxRounds}; next: {discussion.nextSpeakers.join(', ') || '—'}
      </p>
      {speaking && (
        <p class="speaking" aria-live="polite">
          <strong>{speaking.speaker}</strong> is speaking: {speaking.text || '…'}
        </p>
      )}
      {discussion.pendingQuestion && (
        <form
          class="answer"
          onSubmit={(event) => {
            event.preventDefault();
            setError(null);
            api(`/discussions/${id}/messages`, {
              method: 'POST',
              body: { text: answer, inReplyTo: discussion.pendingQuestion!.questionId },
            }).then(() => {
              setAnswer('');
              detail.reload();
            }, setError);
          }}
        >
          <h3>{discussion.pendingQuestion.askedBy} asks you</h3>
          <p>{discussion.pendingQuestion.text}</p>
          <p class="muted">
            Without an answer within <Countdown until={new Date(discussion.pendingQuestion.dueAt).getTime()} /> it assumes:{' '}
            {discussion.pendingQuestion.assumption}
          </p>
          <label for="discussion-answer">Your answer</label>
          <textarea id="discussion-answer" required rows={3} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />
          <button type="submit">Answer</button>
          <ErrorNote error={error} />
        </form>
      )}
      <h3>Proposals</h3>
      {discussion.proposals.length === 0 ? (
        <Empty>No proposal yet: they come in the consensus phase.</Empty>
      ) : (
        <ul class="list">
          {discussion.proposals.map((proposal) => (
            <li class="proposal">
              <strong>{proposal.text}</strong>{' '}
              <span class="muted">
                agree {proposal.tally.agree}, disagree {proposal.tally.disagree}, abstain {proposal.tally.abstain}
              </span>
              {proposal.votes.length > 0 && (
                <ul class="votes">
                  {proposal.votes.map((vote) => (
                    <li>
                      <span class={`badge vote-${vote.choice}`}>{vote.choice}</span> {vote.voter}: {vote.reason}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** Running discussions: phase, round, who speaks next, proposals and votes, the question for you. */
export function DiscussionsPanel({ selected }: { selected?: string }) {
  const list = useLive(
    () => api<Page<DiscussionSummary>>('/discussions?limit=100'),
    (event) => event.streamType === 'discussion',
    [],
  );
  return (
    <ListDetail
      route="discussions"
      title="Discussions"
      items={list.data?.items ?? null}
      error={list.error}
      empty="No discussion yet. Open one with POST /api/v1/discussions {goal}."
      label={(item) => item.goal}
      meta={(item) => (
        <>
          <span class="badge">{item.state.replace('_', ' ')}</span>{' '}
          <span class="muted">
            {item.phase}, round {item.round}, <Time at={item.updatedAt} />
          </span>
        </>
      )}
      selected={selected}
      detail={(id) => <Detail id={id} />}
      pick="Select a discussion to see its proposals and votes."
    />
  );
}
