import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { type LiveEvent, live } from './live';

/** One clock for every relative time on the page (a display refresh, not a domain timer). */
const tickListeners = new Set<() => void>();
setInterval(() => tickListeners.forEach((listener) => listener()), 1000);

export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const listener = () => setNow(Date.now());
    tickListeners.add(listener);
    return () => void tickListeners.delete(listener);
  }, []);
  return now;
}

export function relative(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text =
    s < 5
      ? 'just now'
      : s < 60
        ? `${s} s`
        : s < 3600
          ? `${Math.floor(s / 60)} min`
          : s < 86400
            ? `${Math.floor(s / 3600)} h`
            : `${Math.floor(s / 86400)} d`;
  if (text === 'just now') return text;
  return future ? `in ${text}` : `${text} ago`;
}

/** "3 min ago", the exact time on hover. */
export function Time({ at }: { at: string | null | undefined }) {
  const now = useNow();
  if (!at) return <span>—</span>;
  const date = new Date(at);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {relative(date.getTime(), now)}
    </time>
  );
}

export function Countdown({ until }: { until: number }) {
  const now = useNow();
  const seconds = Math.max(0, Math.round((until - now) / 1000));
  const text = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  return (
    <time class="countdown" dateTime={new Date(until).toISOString()} title={new Date(until).toLocaleString()}>
      {seconds === 0 ? 'due now' : text}
    </time>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const title = error instanceof ApiError ? error.problem.title : error instanceof Error ? error.message : String(error);
  return (
    <p class="error" role="alert">
      {title}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `load()` and loads it again whenever a live event matches `relevant` (at most once per
 * frame batch) and after each reconnect.
 */
export function useLive<T>(load: () => Promise<T>, relevant: (event: LiveEvent) => boolean, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (mine !== generation.current) return;
        setError(reason);
        setLoading(false);
      },
    );
  }, deps);
  useEffect(() => {
    setLoading(true);
    reload();
    const stopEvents = live.onEvents((events) => {
      if (events.some(relevant)) reload();
    });
    let previous = live.state;
    const stopState = live.onState(() => {
      if (live.state === 'live' && previous !== 'live') reload();
      previous = live.state;
    });
    return () => {
      stopEvents();
      stopState();
    };
  }, [reload]);
  return { data, error, loading, reload };
}

/** A button that runs an action, shows it running and its problem title if it fails. */
export function Action({ label, run, disabled }: { label: string; run: () => Promise<unknown>; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <span class="action">
      <button
        type="button"
        disabled={busy || disabled}
        onClick={() => {
          setBusy(true);
          setError(null);
          run().then(
            () => setBusy(false),
            (reason: unknown) => {
              setError(reason);
              setBusy(false);
            },
          );
        }}
      >
        {busy ? `${label}…` : label}
      </button>
      <ErrorNote error={error} />
    </span>
  );
}

export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '—';
}

export function dataField(event: LiveEvent, field: string): string | undefined {
  const value = event.data?.[field];
  return typeof value === 'string' ? value : undefined;
}

/** A table with a header row; each row is a list of cells. `stacked`: on a phone each row is a card of labelled cells. */
export function DataTable({ head, rows, stacked }: { head: string[]; rows: ComponentChildren[][]; stacked?: boolean }) {
  return (
    <table class={stacked ? 'stacked' : undefined}>
      <thead>
        <tr>
          {head.map((name) => (
            <th scope="col">{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells) => (
          <tr>
            {cells.map((cell, index) => (
              <td data-label={head[index]}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The list-and-detail layout of the questions, sessions and discussions panels: the list links to
 * `#/<route>/<id>`, the selected item's detail beside it (below it on a phone).
 */
export function ListDetail<T extends { id: string }>(props: {
  route: string;
  title: string;
  items: T[] | null;
  error: unknown;
  empty: ComponentChildren;
  label: (item: T) => ComponentChildren;
  meta: (item: T) => ComponentChildren;
  selected?: string;
  detail: (id: string) => ComponentChildren;
  pick: string;
  /** Below the list: a "more" button, a side box. */
  footer?: ComponentChildren;
}) {
  const { route, title, items, selected } = props;
  return (
    <section aria-labelledby={`${route}-title`} class="split">
      <div>
        <h1 id={`${route}-title`}>{title}</h1>
        <ErrorNote error={props.error} />
        {items && items.length === 0 && <Empty>{props.empty}</Empty>}
        <ul class="list">
          {items?.map((item) => (
            <li class={item.id === selected ? 'selected' : ''} data-id={item.id}>
              <a href={`#/${route}/${item.id}`} aria-current={item.id === selected ? 'true' : undefined}>
                {props.label(item)}
              </a>
              <br />
              {props.meta(item)}
            </li>
          ))}
        </ul>
        {props.footer}
      </div>
      <div>{selected ? props.detail(selected) : <Empty>{props.pick}</Empty>}</div>
    </section>
  );
}
