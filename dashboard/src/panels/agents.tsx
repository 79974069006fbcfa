import { type Page, type Schema, api } from '../api';
import { DataTable, Empty, ErrorNote, Time, useLive } from '../ui';

type Instance = Schema<'InstanceDto'>;
type Execution = Schema<'ExecutionDto'>;
type Metrics = Schema<'AgentMetricsDto'>;
type Lock = Schema<'LockStatusDto'>;

/** Registry: agent instances, recent executions with their success rate, held locks and who waits. */
export function AgentsPanel() {
  const data = useLive(
    async () => {
      const [instances, executions, metrics, locks] = await Promise.all([
        api<Page<Instance>>('/runtime/instances?limit=100'),
        api<Page<Execution>>('/runtime/executions?limit=20'),
        api<Metrics[]>('/runtime/metrics'),
        api<Page<Lock>>('/locks?limit=100'),
      ]);
      return {
        instances: instances.items,
        executions: executions.items,
        metrics,
        locks: locks.items,
      };
    },
    (event) => /^(Agent|Lock)/.test(event.type) || event.type === 'ExternalEventReceived',
    [],
  );
  const d = data.data;
  return (
    <section aria-labelledby="agents-title">
      <h1 id="agents-title">Agents &amp; locks</h1>
      <ErrorNote error={data.error} />
      {d && (
        <div class="grid">
          <div>
            <h2>Instances</h2>
            {d.instances.length === 0 ? (
              <Empty>No instance runs. Start one with POST /api/v1/runtime/instances &#123;slug&#125;.</Empty>
            ) : (
              <DataTable
                head={['Agent', 'Status', 'Pending', 'Last run']}
                rows={d.instances.map((instance) => [
                  `${instance.slug}@${instance.version}`,
                  instance.status,
                  instance.pendingExecutions,
                  <Time at={instance.lastExecutionAt} />,
                ])}
              />
            )}
            <h2>Success rate</h2>
            {d.metrics.length === 0 ? (
              <Empty>No execution yet.</Empty>
            ) : (
              <DataTable
                head={['Agent', 'Runs', 'Success', 'p95']}
                rows={d.metrics.map((metric) => [
                  metric.slug,
                  metric.runs,
                  metric.successRate === null ? '—' : `${Math.round(metric.successRate * 100)} %`,
                  metric.p95DurationMs === null ? '—' : `${metric.p95DurationMs} ms`,
                ])}
              />
            )}
          </div>
          <div>
            <h2>Recent executions</h2>
            {d.executions.length === 0 ? (
              <Empty>No execution yet: publish an event (POST /api/v1/events) that an agent is triggered by.</Empty>
            ) : (
              <ul class="list">
                {d.executions.map((execution) => (
                  <li>
                    <span class="badge">{execution.status}</span> {execution.slug} on {execution.eventType}{' '}
                    <Time at={execution.enqueuedAt} /> {execution.error && <span class="error">{execution.error}</span>}
                  </li>
                ))}
              </ul>
            )}
            <h2>Locks</h2>
            {d.locks.filter((lock) => lock.locked).length === 0 ? (
              <Empty>No lock is held.</Empty>
            ) : (
              <ul class="list">
                {d.locks
                  .filter((lock) => lock.locked)
                  .map((lock) => (
                    <li>
                      <strong>{lock.resource}</strong>: {lock.holder?.holder} ({lock.holder?.priority}), expires{' '}
                      <Time at={lock.holder?.expiresAt} />; {lock.queue.length} waiting
                      {lock.queue.length > 0 ? `: ${lock.queue.map((w) => w.holder).join(', ')}` : ''}
                    </li>
                  ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
