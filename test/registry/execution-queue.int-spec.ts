import type { TestingModule } from '@nestjs/testing';
import { EventIntakeService } from '../../src/registry/application/event-intake.service.js';
import { RuntimeQueries } from '../../src/registry/application/runtime.queries.js';
import type { Priority } from '../../src/registry/domain/priority.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { GatedAgentExecutor } from './gated-agent-executor.js';
import { runningAgent, tenantContext } from './registry-fixtures.js';
import { bootRegistry, eventually } from './registry-test-context.js';
import { sleep } from '../support/until.js';

describe('execution queue', () => {
  let database: TestDatabase;
  const open: TestingModule[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const module of open.splice(0)) await module.close();
  });
  afterAll(() => database.drop());

  async function boot(executor: GatedAgentExecutor, concurrency = 1): Promise<TestingModule> {
    const module = await bootRegistry(database.url, { executor, options: { concurrency, leaseMs: 30_000 } });
    open.push(module);
    return module;
  }

  const send = (module: TestingModule, tenantId: string, label: string, priority: Priority) =>
    module.get(EventIntakeService).receive(tenantContext(tenantId), { type: 'job.requested', payload: { label }, priority });

  const finished = (module: TestingModule, tenantId: string, count: number) =>
    eventually(
      async () => {
        const page = await module.get(RuntimeQueries).executions(tenantId, { before: 0, limit: 100 });
        const done = page.items.filter((item) => item.status === 'succeeded' || item.status === 'failed');
        return done.length >= count ? page.items : undefined;
      },
      10_000,
      `${count} finished executions`,
    );

  it('drains CRITICAL before NORMAL before LOW when they queue up behind a busy worker', async () => {
    const executor = new GatedAgentExecutor({ closed: true });
    const module = await boot(executor);
    const tenant = 'tenant-priority';
    await runningAgent(module, tenantContext(tenant));

    await send(module, tenant, 'busy', 'NORMAL');
    await eventually(async () => (executor.started.length === 1 ? true : undefined), 5_000, 'the first execution to start');
    await send(module, tenant, 'low', 'LOW');
    await send(module, tenant, 'normal', 'NORMAL');
    await send(module, tenant, 'critical', 'CRITICAL');
    await send(module, tenant, 'high', 'HIGH');
    executor.open();

    await finished(module, tenant, 5);
    expect(executor.started).toEqual(['busy', 'critical', 'high', 'normal', 'low']);
  });

  it('runs at most `concurrency` executions at a time', async () => {
    const executor = new GatedAgentExecutor({ closed: true });
    const module = await boot(executor, 2);
    const tenant = 'tenant-concurrency';
    await runningAgent(module, tenantContext(tenant));
    for (const label of ['a', 'b', 'c', 'd']) await send(module, tenant, label, 'NORMAL');
    await eventually(async () => (executor.started.length === 2 ? true : undefined), 5_000, 'two executions to start');
    await sleep(300);
    expect(executor.started).toEqual(['a', 'b']);
    const runtime = module.get(RuntimeQueries);
    const [instance] = (await runtime.instances(tenant, { after: 0, limit: 10 })).items;
    expect(instance.status).toBe('RUNNING');
    executor.open();
    await finished(module, tenant, 4);
    expect(executor.started.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect((await runtime.instance(tenant, instance.instanceId)).status).toBe('IDLE');
  });

  it('resumes queued and interrupted executions after a restart', async () => {
    const tenant = 'tenant-restart';
    const first = new GatedAgentExecutor({ closed: true });
    const before = await boot(first);
    await runningAgent(before, tenantContext(tenant));
    await send(before, tenant, 'one', 'NORMAL');
    await eventually(async () => (first.started.length === 1 ? true : undefined), 5_000, 'the first execution to start');
    await send(before, tenant, 'two', 'LOW');
    await send(before, tenant, 'three', 'HIGH');
    await before.close();
    open.splice(open.indexOf(before), 1);
    expect(first.started).toEqual(['one']);

    const second = new GatedAgentExecutor({ closed: false });
    const after = await boot(second);
    const items = await finished(after, tenant, 3);
    // Queue order again: HIGH first, then the interrupted NORMAL (earlier arrival than LOW), then LOW.
    expect(second.started).toEqual(['three', 'one', 'two']);
    expect(items.map((item) => [item.status, item.attempts])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
  });

  it('keeps history, counts failures and computes per-agent metrics', async () => {
    const module = await boot(new GatedAgentExecutor({ closed: false }), 4);
    const tenant = 'tenant-metrics';
    const context = tenantContext(tenant);
    const instanceId = await runningAgent(module, context);
    const intake = module.get(EventIntakeService);
    for (const label of ['a', 'b', 'c']) await intake.receive(context, { type: 'job.requested', payload: { label }, priority: 'NORMAL' });
    await intake.receive(context, { type: 'job.requested', payload: { label: 'bad', fail: true }, priority: 'NORMAL' });
    const items = await finished(module, tenant, 4);

    const failed = items.find((item) => item.status === 'failed');
    expect(failed).toMatchObject({ error: 'bad failed on purpose', output: null, instanceId });
    expect(items.find((item) => item.status === 'succeeded')?.output).toMatch(/^qa-manager did /);
    const [metrics] = await module.get(RuntimeQueries).metrics(tenant);
    expect(metrics).toMatchObject({ slug: 'qa-manager', runs: 4, succeeded: 3, failed: 1, successRate: 0.75, pending: 0 });
    expect(metrics.p50DurationMs).toEqual(expect.any(Number));
    expect(metrics.p95DurationMs).toBeGreaterThanOrEqual(metrics.p50DurationMs ?? 0);
    // The last execution failed: the instance shows ERROR until a run succeeds.
    expect((await module.get(RuntimeQueries).instance(tenant, instanceId)).status).toBe('ERROR');
  });
});
