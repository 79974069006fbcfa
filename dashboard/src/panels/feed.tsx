import { useEffect, useMemo, useState } from 'preact/hooks';
import { FEED_WINDOW, type LiveEvent, live } from '../live';
import { Empty, Time } from '../ui';

function summary(event: LiveEvent): string {
  const text = JSON.stringify(event.data ?? {});
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function matches(event: LiveEvent, type: string, stream: string, text: string): boolean {
  if (type && event.type !== type) return false;
  if (stream && !event.streamId.includes(stream)) return false;
  if (text && !`${event.type} ${event.streamId} ${JSON.stringify(event.data)}`.toLowerCase().includes(text.toLowerCase())) return false;
  return true;
}

export function FeedRow({ event }: { event: LiveEvent }) {
  return (
    <li class="event" data-position={event.position} data-type={event.type}>
      <span class="position">#{event.position}</span>
      <span class="type">{event.type}</span>
      <a class="stream" href={`#/streams/${encodeURIComponent(event.streamId)}`} title={`Timeline of ${event.streamId}`}>
        {event.streamId}
      </a>
      <Time at={event.recordedAt} />
      <code class="data">{summary(event)}</code>
    </li>
  );
}

/** Every event of the organization as it happens (the last FEED_WINDOW), newest first. */
export function FeedPanel() {
  const [version, setVersion] = useState(0);
  const [type, setType] = useState('');
  const [stream, setStream] = useState('');
  const [text, setText] = useState('');
  useEffect(() => live.onEvents(() => setVersion((v) => v + 1)), []);
  const types = useMemo(() => [...new Set(live.events.map((event) => event.type))].sort(), [version]);
  const shown = useMemo(() => live.events.filter((event) => matches(event, type, stream, text)).reverse(), [version, type, stream, text]);
  return (
    <section aria-labelledby="feed-title">
      <h1 id="feed-title">Event feed</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">all types</option>
            {types.map((name) => (
              <option value={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Stream
          <input type="search" placeholder="e.g. conversation-" value={stream} onInput={(e) => setStream(e.currentTarget.value)} />
        </label>
        <label>
          Text
          <input type="search" placeholder="search the data" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
      </form>
      <p class="hint">
        The last {FEED_WINDOW} events of the organization, newest first; {shown.length} shown.
      </p>
      {shown.length === 0 ? (
        <Empty>
          {live.events.length === 0
            ? 'No events yet. Ask a question, start a session or publish an event (POST /api/v1/events): it shows here at once.'
            : 'No event matches these filters: clear them to see the feed.'}
        </Empty>
      ) : (
        <ol class="feed" reversed>
          {shown.map((event) => (
            <FeedRow key={event.position} event={event} />
          ))}
        </ol>
      )}
    </section>
  );
}
