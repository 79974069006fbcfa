import { type Page, type Schema, api } from '../api';
import { type LiveEvent } from '../live';
import { Action, Empty, ErrorNote, ListDetail, Time, dataField, shortId, useLive } from '../ui';

type SessionSummary = Schema<'SessionSummaryDto'>;
type Session = Schema<'SessionDto'>;
type BranchMessage = Schema<'BranchMessageDto'>;
type Output = Schema<'OutputDto'>;

function BranchTree({ session, id }: { session: Session; id: string }) {
  const branch = session.branches.find((candidate) => candidate.id === id);
  if (!branch) return null;
  return (
    <li data-branch={branch.id}>
      <span class={`badge status-${branch.status}`}>{branch.status.replace('_', ' ')}</span> <strong>{branch.label}</strong>
      {branch.active && <span class="badge badge-active">current</span>}{' '}
      <span class="muted">
        {branch.messageCount} messages{branch.statusReason ? ` — ${branch.statusReason}` : ''}
      </span>
      {branch.childBranchIds.length > 0 && (
        <ul class="tree">
          {branch.childBranchIds.map((child) => (
            <BranchTree session={session} id={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

const belongsTo = (id: string) => (event: LiveEvent) => dataField(event, 'sessionId') === id || event.streamId.endsWith(id);

function Detail({ id }: { id: string }) {
  const detail = useLive(
    async () => {
      const session = await api<Session>(`/sessions/${id}`);
      const [messages, outputs] = await Promise.all([
        session.activeBranchId
          ? api<{ items: BranchMessage[] }>(`/sessions/${id}/branches/${session.activeBranchId}/messages`)
          : Promise.resolve({ items: [] }),
        api<{ items: Output[] }>(`/sessions/${id}/outputs`),
      ]);
      return { session, messages: messages.items, outputs: outputs.items };
    },
    belongsTo(id),
    [id],
  );
  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <p class="muted">Loading…</p>;
  const { session, messages, outputs } = detail.data;
  const active = session.branches.find((branch) => branch.id === session.activeBranchId);
  return (
    <article class="card detail">
      <h2>{session.problem}</h2>
      <p>
        <span class={`badge status-${session.status}`}>{session.status}</span> started <Time at={session.startedAt} /> —{' '}
        <a href={`#/streams/${encodeURIComponent(`branching_session-${session.id}`)}`}>timeline</a>
      </p>
      <h3>Branch map</h3>
      <ul class="tree">
        <BranchTree session={session} id={session.rootBranchId} />
      </ul>
      <h3>Active branch{active ? `: ${active.label}` : ''}</h3>
      {messages.length === 0 ? (
        <Empty>No message on this branch yet.</Empty>
      ) : (
        <ol class="thread">
          {messages.map((message) => (
            <li class={message.inherited ? 'inherited' : ''}>
              <span class="badge">{message.role}</span> {message.text} <Time at={message.createdAt} />
            </li>
          ))}
        </ol>
      )}
      <h3>Outputs</h3>
      {outputs.length === 0 ? (
        <Empty>No outputs: resolve the session (POST /api/v1/sessions/&#123;id&#125;/resolve) to draft them.</Empty>
      ) : (
        outputs.map((output) => (
          <div class="output" data-output={output.id}>
            <p>
              <strong>{output.type.replace('_', ' ')}</strong> <span class="badge">{output.status}</span> v{output.contentVersion}{' '}
              {output.status === 'draft' && (
                <>
                  <Action label="Approve" run={() => api(`/outputs/${output.id}/approve`, { method: 'POST' }).then(detail.reload)} />
                  <Action
                    label="Reject"
                    run={() =>
                      api(`/outputs/${output.id}/reject`, { method: 'POST', body: { reason: 'Rejected from the dashboard' } }).then(
                        detail.reload,
                      )
                    }
                  />
                </>
              )}
            </p>
            {output.failure?.reason && <p class="error">{output.failure.reason}</p>}
            {output.content && (
              <details>
                <summary>Content</summary>
                <pre>{output.content}</pre>
              </details>
            )}
          </div>
        ))
      )}
    </article>
  );
}

/** Troubleshooting sessions: the branch map, the active branch's messages, outputs to approve. */
export function SessionsPanel({ selected }: { selected?: string }) {
  const list = useLive(
    () => api<Page<SessionSummary>>('/sessions?limit=100'),
    (event) => event.streamType === 'branching_session',
    [],
  );
  return (
    <ListDetail
      route="sessions"
      title="Sessions"
      items={list.data?.items ?? null}
      error={list.error}
      empty="No session yet. Start one with POST /api/v1/sessions {problem}."
      label={(item) => item.title ?? item.problem}
      meta={(item) => (
        <>
          <span class={`badge status-${item.status}`}>{item.status}</span>{' '}
          <span class="muted">
            {item.branchCount} branches, {shortId(item.id)}, started <Time at={item.startedAt} />
          </span>
        </>
      )}
      selected={selected}
      detail={(id) => <Detail id={id} />}
      pick="Select a session to see its branch map."
    />
  );
}
