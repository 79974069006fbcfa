import { useState } from 'preact/hooks';
import { type Page, type Schema, api } from '../api';
import { Countdown, ErrorNote, ListDetail, Time, useLive } from '../ui';

type ConversationSummary = Schema<'ConversationSummaryDto'>;
type Conversation = Schema<'ConversationDto'>;
type TimelineEntry = Schema<'TimelineEntryDto'>;

const OPEN_STATES = ['waiting', 'follow_up', 'escalated'] as const;
const ROUND_EVENTS = new Set(['QuestionRouted', 'QuestionEscalated', 'QuestionAcknowledged', 'FollowUpSent']);

/**
 * When the next timeout is due: the acknowledgement and each follow-up say it (`timeoutAt`); a new
 * round (an escalation) has none until its responders acknowledge.
 */
function nextTimeout(conversation: Conversation, timeline: TimelineEntry[]): number | null {
  if (!OPEN_STATES.includes(conversation.state as (typeof OPEN_STATES)[number])) return null;
  const last = [...timeline].reverse().find((entry) => ROUND_EVENTS.has(entry.type));
  const timeoutAt = last?.data.timeoutAt;
  return typeof timeoutAt === 'string' ? new Date(timeoutAt).getTime() : null;
}

function Detail({ id }: { id: string }) {
  const [text, setText] = useState('');
  const [memberId, setMemberId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const detail = useLive(
    async () => {
      const [conversation, timeline] = await Promise.all([
        api<Conversation>(`/conversations/${id}`),
        api<{ items: TimelineEntry[] }>(`/conversations/${id}/timeline`),
      ]);
      return { conversation, timeline: timeline.items };
    },
    (event) => event.streamId === `conversation-${id}`,
    [id],
  );
  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <p class="muted">Loading…</p>;
  const { conversation, timeline } = detail.data;
  const due = nextTimeout(conversation, timeline);
  const humans = conversation.currentResponders.filter((member) => member.kind === 'human');
  const open = OPEN_STATES.includes(conversation.state as (typeof OPEN_STATES)[number]) || conversation.state === 'unanswered';
  return (
    <article class="card detail" data-conversation={conversation.id}>
      <h2>{conversation.messages[0]?.text}</h2>
      <p>
        State:{' '}
        <strong class="state" data-state={conversation.state}>
          {conversation.state.replace('_', ' ')}
        </strong>
        {due !== null && (
          <>
            {' '}
            — next timeout <Countdown until={due} />
          </>
        )}
      </p>
      <h3>Escalation chain</h3>
      <ol class="chain">
        {conversation.chain.map((step) => (
          <li class={step.level === conversation.level ? 'current' : ''}>
            <strong>Level {step.level}</strong>:{' '}
            {step.responders.map((r) => `${r.displayName} (${r.role}, ${r.kind})`).join(', ') || 'nobody'}
            <br />
            <span class="muted">why: {typeof step.why?.summary === 'string' ? step.why.summary : '—'}</span>
          </li>
        ))}
      </ol>
      <h3>Thread</h3>
      <ol class="thread">
        {conversation.messages.map((message) => (
          <li>
            <span class="badge">{message.kind.replace('_', ' ')}</span> {message.text} <Time at={message.sentAt} />
          </li>
        ))}
      </ol>
      {open && (
        <form
          class="answer"
          onSubmit={(event) => {
            event.preventDefault();
            setError(null);
            api(`/conversations/${id}/answer`, { method: 'POST', body: { text, ...(memberId ? { memberId } : {}) } }).then(() => {
              setText('');
              detail.reload();
            }, setError);
          }}
        >
          <h3>Answer as a human</h3>
          <p class="hint">With an operator key: it answers as its member, or as the responder you pick.</p>
          <label for="answer-member">As</label>
          <select id="answer-member" value={memberId} onChange={(e) => setMemberId(e.currentTarget.value)}>
            <option value="">the member of my key</option>
            {humans.map((member) => (
              <option value={member.memberId}>
                {member.displayName} ({member.role})
              </option>
            ))}
          </select>
          <label for="answer-text">Answer</label>
          <textarea id="answer-text" required rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">Send answer</button>
          <ErrorNote error={error} />
        </form>
      )}
    </article>
  );
}

/** Questions waiting on someone, followed up or escalated; the selected one in detail. */
export function QuestionsPanel({ selected }: { selected?: string }) {
  const list = useLive(
    async () => {
      const pages = await Promise.all(
        OPEN_STATES.map((state) => api<Page<ConversationSummary>>(`/conversations?state=${state}&limit=100`)),
      );
      return pages.flatMap((page) => page.items).sort((a, b) => a.askedAt.localeCompare(b.askedAt));
    },
    (event) => event.streamType === 'conversation',
    [],
  );
  return (
    <ListDetail
      route="questions"
      title="Questions"
      items={list.data}
      error={list.error}
      empty="No question is waiting. Ask one with POST /api/v1/squads/{id}/conversations."
      label={(item) => item.question}
      meta={(item) => (
        <>
          <span class={`badge state-${item.state}`}>{item.state.replace('_', ' ')}</span>{' '}
          <span class="muted">
            level {item.level ?? '—'}, {item.escalations} escalation{item.escalations === 1 ? '' : 's'}, asked <Time at={item.askedAt} />
          </span>
        </>
      )}
      selected={selected}
      detail={(id) => <Detail id={id} />}
      pick="Select a question to see its chain and answer it."
    />
  );
}
