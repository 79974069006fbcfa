import { useState } from 'preact/hooks';
import { type Schema, api } from '../api';
import { Action, DataTable, Empty, ErrorNote, ListDetail, Time, dataField, useLive } from '../ui';

type Pipeline = Schema<'PipelineDto'>;
type PipelineDetail = Schema<'PipelineDetailDto'>;
type PipelinePage = Schema<'PipelinePageDto'>;
type Phase = Schema<'PipelinePhaseDto'>;
type Status = Pipeline['status'];
type CorrectionFactor = Schema<'CorrectionFactorDto'>;
type FailurePage = Schema<'FailurePageDto'>;

const STATUSES: Status[] = ['running', 'waiting_for_approval', 'paused', 'failed', 'cancelled', 'completed'];
const PAGE = 100;

const label = (status: string) => status.replace(/_/g, ' ');

/** One segment per phase, coloured by its status; the text names the current phase and the waiting gate. */
export function PhaseBar({ pipeline }: { pipeline: Pipeline }) {
  const done = pipeline.phases.filter((phase) => phase.status === 'completed').length;
  const where = pipeline.waitingGate
    ? `waiting at the ${pipeline.waitingGate} gate`
    : pipeline.currentPhase
      ? `${pipeline.currentPhase} ${pipeline.phases.find((phase) => phase.phase === pipeline.currentPhase)?.status ?? ''}`.trim()
      : 'all phases done';
  const summary = `${done} of ${pipeline.phases.length} phases completed; ${where}`;
  return (
    <span class="phase-bar-wrap">
      <span class="phase-bar" role="img" aria-label={summary} data-completed={done}>
        {pipeline.phases.map((phase) => (
          <span
            class={`phase-seg phase-${phase.status}${phase.phase === pipeline.currentPhase ? ' phase-current' : ''}`}
            data-phase={phase.phase}
            data-status={phase.status}
            title={`${phase.phase}: ${phase.status}`}
          />
        ))}
      </span>
      <span class="muted phase-where">{summary}</span>
    </span>
  );
}

function GateForm({ pipeline, onDone }: { pipeline: Pipeline; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const gate = pipeline.waitingGate!;
  return (
    <form
      class="answer gate"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        const body = note.trim() ? { phase: gate, note: note.trim() } : { phase: gate };
        api(`/pipelines/${pipeline.id}/approve`, { method: 'POST', body }).then(
          () => {
            setBusy(false);
            setNote('');
            onDone();
          },
          (reason: unknown) => {
            setBusy(false);
            setError(reason);
          },
        );
      }}
    >
      <h3>The {gate} gate waits for you</h3>
      <p class="muted">Read the {gate} phase's output below; approving starts the next phase.</p>
      <label for="gate-note">Note (optional)</label>
      <textarea id="gate-note" rows={2} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        {busy ? 'Approving…' : `Approve ${gate}`}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

/** A short view of a phase's output: its summary, else its first fields. */
function outputView(phase: Phase): string {
  if (phase.failure) return `failed: ${phase.failure.reason}`;
  if (phase.outputSummary) return phase.outputSummary;
  if (!phase.output) return '—';
  const text = JSON.stringify(phase.output);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function Detail({ id }: { id: string }) {
  const detail = useLive(
    () => api<PipelineDetail>(`/pipelines/${id}`),
    (event) => dataField(event, 'pipelineId') === id,
    [id],
  );
  if (detail.error) return <ErrorNote error={detail.error} />;
  const pipeline = detail.data;
  if (!pipeline) return <p class="muted">Loading…</p>;
  const act = (path: string, body: Record<string, unknown> = {}) => async () => {
    await api(`/pipelines/${id}/${path}`, { method: 'POST', body });
    detail.reload();
  };
  // A failed run is not over: it can be retried or cancelled (completed and cancelled ones are).
  const over = pipeline.status === 'completed' || pipeline.status === 'cancelled';
  const paused = pipeline.status === 'paused';
  const pausable = pipeline.status === 'running' || pipeline.status === 'waiting_for_approval';
  const estimate = pipeline.estimate;
  return (
    <article class="card detail" data-pipeline={pipeline.id} aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">{pipeline.featureRequest}</h2>
      <p>
        <span class={`badge pipeline-status status-${pipeline.status}`} data-status={pipeline.status}>
          {label(pipeline.status)}
        </span>{' '}
        <span class="muted">
          started <Time at={pipeline.createdAt} />, changed <Time at={pipeline.updatedAt} />
          {pipeline.completedAt && (
            <>
              , completed <Time at={pipeline.completedAt} />
            </>
          )}
        </span>
      </p>
      <PhaseBar pipeline={pipeline} />
      {pipeline.waitingGate && <GateForm pipeline={pipeline} onDone={detail.reload} />}
      {!over && (
        <p class="controls">
          {paused && <Action label="Resume" run={act('resume')} />}
          {pausable && <Action label="Pause" run={act('pause')} />}
          <Action label="Cancel" run={act('cancel')} />
        </p>
      )}
      {pipeline.cancelled && (
        <p class="muted">
          Cancelled <Time at={pipeline.cancelled.at} />
          {pipeline.cancelled.reason ? `: ${pipeline.cancelled.reason}` : ''}
        </p>
      )}
      <h3>Phases</h3>
      <DataTable
        stacked
        head={['Phase', 'Status', 'Attempts', 'Failed tries', 'Output', 'Agent', '']}
        rows={pipeline.phases.map((phase) => [
          <strong data-phase-row={phase.phase}>{phase.phase}</strong>,
          <span class={`badge phase-${phase.status}`}>{phase.status}</span>,
          phase.attempts,
          phase.failedTries,
          <span class={phase.failure ? 'error phase-failure' : 'phase-output'}>{outputView(phase)}</span>,
          <span class="muted">
            {phase.agent.slug}@{phase.agent.version}
          </span>,
          phase.status === 'failed' && !paused ? <Action label={`Retry ${phase.phase}`} run={act(`phases/${phase.phase}/retry`)} /> : '',
        ])}
      />
      <h3>Estimate</h3>
      {estimate ? (
        <dl class="facts estimate">
          <dt>Estimated</dt>
          <dd>
            {estimate.sessions} sessions (complexity {estimate.complexity})
          </dd>
          <dt>Correction factor</dt>
          <dd data-field="correctionFactor">{estimate.correctionFactor === null ? 'none yet' : `×${estimate.correctionFactor.toFixed(2)}`}</dd>
          <dt>Adjusted</dt>
          <dd data-field="adjustedSessions">{Math.round(estimate.adjustedSessions * 10) / 10} sessions</dd>
          <dt>Actual</dt>
          <dd data-field="actualSessions">{pipeline.estimateVsActual.actualSessions} sessions (phase attempts)</dd>
        </dl>
      ) : (
        <p class="muted">
          No estimate given; actual so far: {pipeline.estimateVsActual.actualSessions} sessions. Pass{' '}
          <code>estimate: {'{sessions, complexity}'}</code> when starting one.
        </p>
      )}
      {pipeline.scopeCreepFlagged && pipeline.scopeCreep && (
        <p class="error scope-creep" role="status">
          Scope creep: the build completed {pipeline.scopeCreep.completedSteps} steps for {pipeline.scopeCreep.plannedSteps} planned (×
          {pipeline.scopeCreep.ratio.toFixed(2)}), <Time at={pipeline.scopeCreep.at} />
        </p>
      )}
      {pipeline.approvals.length > 0 && (
        <>
          <h3>Approvals</h3>
          <ul class="list">
            {pipeline.approvals.map((approval) => (
              <li>
                {approval.phase} <Time at={approval.at} />
                {approval.note ? `: ${approval.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="muted">
        Tokens: {pipeline.tokens.input} in, {pipeline.tokens.output} out
      </p>
    </article>
  );
}

const RECENT_FAILURES = 5;
const FAILURE_PAGES = 20;

/**
 * The latest failures, newest first. GET /failures lists in the order recorded and has no newest-first
 * order yet, so this walks its pages (at most FAILURE_PAGES of 100) and keeps the tail.
 */
async function latestFailures(): Promise<FailurePage['items']> {
  let tail: FailurePage['items'] = [];
  let cursor: string | null = null;
  for (let page = 0; page < FAILURE_PAGES; page++) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const result: FailurePage = await api<FailurePage>(`/failures?limit=100${query}`);
    tail = [...tail, ...result.items].slice(-RECENT_FAILURES);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tail.reverse();
}

/** What the organization learnt: the 90-day correction factor and the latest failures. */
function Learning() {
  const learning = useLive(
    () =>
      Promise.all([api<CorrectionFactor>('/estimates/correction-factor?days=90'), latestFailures()]).then(([factor, failures]) => ({
        factor,
        failures,
      })),
    (event) => event.streamType.startsWith('learning_'),
    [],
  );
  return (
    <aside class="card learning" aria-labelledby="learning-title">
      <h2 id="learning-title">Learning</h2>
      <ErrorNote error={learning.error} />
      {learning.data && (
        <>
          <p class="correction-factor">
            Correction factor (90 days):{' '}
            <strong data-field="factor">{learning.data.factor.factor === null ? 'none yet' : `×${learning.data.factor.factor.toFixed(2)}`}</strong>{' '}
            <span class="muted">
              from {learning.data.factor.samples} completed estimate{learning.data.factor.samples === 1 ? '' : 's'}
            </span>
          </p>
          <h3>Recent failures</h3>
          {learning.data.failures.length === 0 ? (
            <Empty>No failure recorded: a pipeline's failed attempts land here with their lesson.</Empty>
          ) : (
            <ul class="list failures">
              {learning.data.failures.map((failure) => (
                <li>
                  <strong>{failure.feature}</strong> <Time at={failure.loggedAt} />
                  <br />
                  <span class="muted">why it failed:</span> {failure.whyFailed}
                  <br />
                  <span class="muted">lesson:</span> {failure.lesson}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}

/** Feature pipelines: phases as a progress bar, the gate to approve, controls, estimate and what was learnt. */
export function PipelinesPanel({ selected }: { selected?: string }) {
  const [status, setStatus] = useState<Status | ''>('');
  const [pages, setPages] = useState(1);
  // The API pages in creation order; every loaded page is reloaded on a live event so none goes stale.
  const list = useLive(
    async () => {
      const items: Pipeline[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < pages; page++) {
        const query = new URLSearchParams({ limit: String(PAGE) });
        if (status) query.set('status', status);
        if (cursor) query.set('cursor', cursor);
        const result: PipelinePage = await api<PipelinePage>(`/pipelines?${query}`);
        items.push(...result.items);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { items, nextCursor: cursor };
    },
    (event) => event.streamType === 'pipeline',
    [status, pages],
  );
  return (
    <div class="pipelines">
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.currentTarget.value as Status | '');
              setPages(1);
            }}
          >
            <option value="">any</option>
            {STATUSES.map((value) => (
              <option value={value}>{label(value)}</option>
            ))}
          </select>
        </label>
      </form>
      <ListDetail
        route="pipelines"
        title="Pipelines"
        items={list.data?.items ?? null}
        error={list.error}
        empty={
          status ? (
            `No ${label(status)} pipeline: choose another status.`
          ) : (
            <>
              No pipeline yet. Start one with <code>POST /api/v1/pipelines</code>, e.g.{' '}
              <code>
                curl -X POST $API/pipelines -H "$AUTH" -H 'content-type: application/json' -d
                '{'{"featureRequest":"Export invoices as CSV","approvalGates":["plan"]}'}'
              </code>
            </>
          )
        }
        label={(item) => item.featureRequest}
        meta={(item) => (
          <>
            <span class={`badge status-${item.status}`}>{label(item.status)}</span>{' '}
            <span class="muted">
              started <Time at={item.createdAt} />
            </span>
            <br />
            <PhaseBar pipeline={item} />
          </>
        )}
        footer={
          <>
            {list.data?.nextCursor && (
              <button type="button" onClick={() => setPages((n) => n + 1)}>
                More
              </button>
            )}
            <Learning />
          </>
        }
        selected={selected}
        detail={(id) => <Detail id={id} />}
        pick="Select a pipeline to see its phases, approve its gate or retry a failed phase."
      />
    </div>
  );
}
