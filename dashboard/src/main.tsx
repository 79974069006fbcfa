import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, storeKey, storedKey } from './api';
import { type ConnectionState, live } from './live';
import { AgentsPanel } from './panels/agents';
import { DiscussionsPanel } from './panels/discussions';
import { FeedPanel } from './panels/feed';
import { PipelinesPanel } from './panels/pipelines';
import { QueuePanel } from './panels/queue';
import { QuestionsPanel } from './panels/questions';
import { SessionsPanel } from './panels/sessions';
import { StreamPanel } from './panels/stream';
import { UsagePanel } from './panels/usage';
import { ErrorNote } from './ui';
import './styles.css';

const PANELS = [
  { path: 'feed', label: 'Event feed' },
  { path: 'queue', label: 'Queue' },
  { path: 'questions', label: 'Questions' },
  { path: 'sessions', label: 'Sessions' },
  { path: 'discussions', label: 'Discussions' },
  { path: 'pipelines', label: 'Pipelines' },
  { path: 'agents', label: 'Agents & locks' },
  { path: 'usage', label: 'Usage' },
] as const;

/** Routes live in the hash (#/queue, #/streams/<id>): the server serves one page, and the key never goes in a URL. */
function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'feed').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const listener = () => setRoute(read());
    addEventListener('hashchange', listener);
    return () => removeEventListener('hashchange', listener);
  }, []);
  return route;
}

const STATE_LABEL: Record<ConnectionState, string> = {
  connecting: 'connecting',
  live: 'live',
  'catching-up': 'catching up',
  offline: 'offline, reconnecting',
  refused: 'refused',
};

function ConnectionIndicator() {
  const [, setVersion] = useState(0);
  useEffect(() => live.onState(() => setVersion((v) => v + 1)), []);
  return (
    <span class={`connection connection-${live.state}`} data-state={live.state} role="status" title={live.error ?? ''}>
      <span class="dot" aria-hidden="true" />
      {STATE_LABEL[live.state]}
    </span>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in">
      <h1>Agent Squad</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          api('/squads?limit=1', { key: key.trim() }).then(
            () => onSignedIn(key.trim()),
            (reason: unknown) => {
              setError(reason);
              setBusy(false);
            },
          );
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <p class="hint">
          Paste the admin key that <code>npm start</code> printed (<code>export KEY=ask_…</code>). It is kept in this tab only.
        </p>
        <ErrorNote error={error} />
      </form>
    </main>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const route = useRoute();
  const [panel, ...rest] = route;
  let content;
  switch (panel) {
    case 'queue':
      content = <QueuePanel />;
      break;
    case 'questions':
      content = <QuestionsPanel selected={rest[0]} />;
      break;
    case 'sessions':
      content = <SessionsPanel selected={rest[0]} />;
      break;
    case 'discussions':
      content = <DiscussionsPanel selected={rest[0]} />;
      break;
    case 'pipelines':
      content = <PipelinesPanel selected={rest[0]} />;
      break;
    case 'agents':
      content = <AgentsPanel />;
      break;
    case 'usage':
      content = <UsagePanel />;
      break;
    case 'streams':
      content = <StreamPanel streamId={rest[0] ?? ''} />;
      break;
    default:
      content = <FeedPanel />;
  }
  return (
    <>
      <header class="top">
        <a class="brand" href="#/feed">
          Agent Squad
        </a>
        <nav aria-label="Panels">
          {PANELS.map((item) => (
            <a href={`#/${item.path}`} aria-current={panel === item.path || (!panel && item.path === 'feed') ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <ConnectionIndicator />
        <button type="button" class="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>{content}</main>
    </>
  );
}

function App() {
  const [key, setKey] = useState(storedKey());
  useEffect(() => {
    if (key) live.connect(key);
    return () => live.close();
  }, [key]);
  if (!key)
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          storeKey(signedIn);
          setKey(signedIn);
        }}
      />
    );
  return (
    <Shell
      onSignOut={() => {
        storeKey(null);
        setKey(null);
      }}
    />
  );
}

render(<App />, document.getElementById('app')!);
