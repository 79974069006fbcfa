import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type Actor, ApiError, type Page, type Schema, actorLabel, api } from '../api';
import { Empty, ErrorNote, Time, dataField, shortId, useLive } from '../ui';

export type QueueItem = Schema<'QueueItemDto'>;

interface Conflict {
  itemId: string;
  claimedBy: Actor | null;
  claimedAt: string | null;
  title: string;
}

function ItemCard({ item, children }: { item: QueueItem; children?: ComponentChildren }) {
  return (
    <article class={`card queue-item priority-${item.priority}`} data-item={item.id}>
      <header>
        <span class={`badge badge-${item.priority}`}>{item.priority}</span> <span class="badge">{item.kind}</span>{' '}
        <span class="muted">
          on the queue <Time at={item.handedOffAt} />
        </span>
      </header>
      {item.question ? (
        <p>
          <strong>{item.question.text}</strong>
          <br />
          <span class="muted">
            asked by {item.question.asker.displayName} ({item.question.asker.role}); the chain ran out:{' '}
            {item.question.reason.replace('_', ' ')}
          </span>
        </p>
      ) : (
        <p>
          {item.notes ?? <span class="muted">no notes</span>}
          {item.sessionId && (
            <>
              {' '}
              — <a href={`#/sessions/${item.sessionId}`}>session {shortId(item.sessionId)}</a>
            </>
          )}
        </p>
      )}
      {item.assessment?.likelyCause && <p class="muted">AI assessment: {item.assessment.likelyCause}</p>}
      {children}
    </article>
  );
}

/** Handoffs and exhausted questions waiting on the team, elevated first; claim, read the briefing, release. */
export function QueuePanel() {
  const [claimed, setClaimed] = useState<QueueItem[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const queue = useLive(
    () => api<Page<QueueItem>>('/queue?limit=100'),
    (event) => dataField(event, 'handoffId') !== undefined || dataField(event, 'queueItemId') !== undefined,
    [],
  );
  const claim = async (item: QueueItem) => {
    setConflict(null);
    setActionError(null);
    try {
      const result = await api<QueueItem>(`/queue/${item.id}/claim`, { method: 'POST' });
      setClaimed((list) => [result, ...list.filter((other) => other.id !== result.id)]);
      queue.reload();
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 409 && String(error.problem.type).endsWith('/already-claimed'))
        setConflict({
          itemId: item.id,
          claimedBy: (error.problem.claimedBy as Actor | undefined) ?? null,
          claimedAt: (error.problem.claimedAt as string | undefined) ?? null,
          title: error.problem.title,
        });
      else setActionError(error);
    }
  };
  const release = async (item: QueueItem) => {
    setActionError(null);
    try {
      await api(`/queue/${item.id}/release`, { method: 'POST' });
      setClaimed((list) => list.filter((other) => other.id !== item.id));
      queue.reload();
    } catch (error) {
      setActionError(error);
    }
  };
  const waiting = queue.data?.items ?? [];
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Queue</h1>
      <ErrorNote error={queue.error} />
      <ErrorNote error={actionError} />
      {conflict && (
        <p class="error conflict" role="alert">
          Already claimed by {actorLabel(conflict.claimedBy)} <Time at={conflict.claimedAt} /> ({conflict.title})
        </p>
      )}
      {claimed.length > 0 && (
        <>
          <h2>Claimed by you</h2>
          {claimed.map((item) => (
            <ItemCard item={item}>
              {item.briefing && (
                <div class="briefing">
                  <h3>{item.briefing.headline}</h3>
                  <pre>{item.briefing.body}</pre>
                </div>
              )}
              <button type="button" onClick={() => void release(item)}>
                Release
              </button>
            </ItemCard>
          ))}
        </>
      )}
      <h2>Waiting</h2>
      {queue.data && waiting.length === 0 && (
        <Empty>
          Nothing waits on the team. Sessions handed off (park or escalate) and questions whose escalation chain ran out appear here.
        </Empty>
      )}
      {waiting.map((item) => (
        <ItemCard item={item}>
          <button type="button" onClick={() => void claim(item)}>
            Claim
          </button>
        </ItemCard>
      ))}
    </section>
  );
}
