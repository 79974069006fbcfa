import { type Page, type Schema, api } from '../api';
import { Empty, ErrorNote, Time, useLive } from '../ui';

type StoredEvent = Schema<'StoredEventDto'>;

/** One stream's whole history (GET /streams/{id}), live. */
export function StreamPanel({ streamId }: { streamId: string }) {
  const timeline = useLive(
    async () => {
      const events: StoredEvent[] = [];
      let cursor: string | null = null;
      // A stream is one aggregate's history: short enough to read whole, 100 at a time.
      for (let page = 0; page < 20; page += 1) {
        const result: Page<StoredEvent> = await api(
          `/streams/${encodeURIComponent(streamId)}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        events.push(...result.items);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return events;
    },
    (event) => event.streamId === streamId,
    [streamId],
  );
  return (
    <section aria-labelledby="stream-title">
      <p>
        <a href="#/feed">← Event feed</a>
      </p>
      <h1 id="stream-title">
        Timeline of <code>{streamId}</code>
      </h1>
      <ErrorNote error={timeline.error} />
      {timeline.data && timeline.data.length === 0 && <Empty>This stream has no events (yet).</Empty>}
      {timeline.data && (
        <ol class="timeline">
          {timeline.data.map((event) => (
            <li key={event.position} data-position={event.position}>
              <span class="position">v{event.version}</span> <strong>{event.type}</strong> <Time at={event.recordedAt} />{' '}
              {event.metadata.actor && (
                <span class="muted">
                  by {event.metadata.actor.kind} {event.metadata.actor.id.slice(0, 8)}
                </span>
              )}
              <pre>{JSON.stringify(event.data, null, 2)}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
