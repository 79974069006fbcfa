import type { TestingModule } from '@nestjs/testing';
import { EventStore } from '../../src/platform/event-store/event-store.js';
import { Database } from '../../src/platform/database/database.js';
import { ResourceLocksQueries } from '../../src/registry/application/resource-locks.queries.js';
import { ResourceLocksService } from '../../src/registry/application/resource-locks.service.js';
import { priorityRank, type Priority } from '../../src/registry/domain/priority.js';
import { resourceLockStreamId } from '../../src/registry/domain/resource-lock.stream.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { tenantContext } from './registry-fixtures.js';
import { bootRegistry, eventually } from './registry-test-context.js';
import { sleep } from '../support/until.js';

describe('resource locks', () => {
  let database: TestDatabase;
  let module: TestingModule;
  let locks: ResourceLocksService;
  let queries: ResourceLocksQueries;

  beforeAll(async () => {
    database = await createTestDatabase();
    module = await bootRegistry(database.url);
    locks = module.get(ResourceLocksService);
    queries = module.get(ResourceLocksQueries);
  });
  afterAll(async () => {
    await module.close();
    await database.drop();
  });

  it('gives one of 10 concurrent acquirers the lock and queues the rest by priority', async () => {
    const context = tenantContext('tenant-race');
    const priorities: Priority[] = ['LOW', 'NORMAL', 'CRITICAL', 'HIGH', 'LOW', 'CRITICAL', 'NORMAL', 'HIGH', 'LOW', 'NORMAL'];
    const outcomes = await Promise.all(
      priorities.map((priority, i) => locks.acquire(context, { resource: 'device:tv-1', holder: `worker-${i}`, ttlMs: 60_000, priority })),
    );

    const granted = outcomes.filter((outcome) => outcome.outcome === 'granted');
    expect(granted).toHaveLength(1);
    const status = await queries.status('tenant-race', 'device:tv-1');
    expect(status.holder?.holder).toBe(granted[0].holder);
    expect(status.queue).toHaveLength(9);
    const ranks = status.queue.map((waiter) => priorityRank(waiter.priority as Priority));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set([status.holder?.holder, ...status.queue.map((waiter) => waiter.holder)]).size).toBe(10);

    const events = await module.get(EventStore).readStream(resourceLockStreamId('tenant-race', 'device:tv-1'));
    expect(events.filter((event) => event.type === 'LockGranted')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'LockQueued')).toHaveLength(9);
  });

  it('hands the lock to the first waiter on release', async () => {
    const context = tenantContext('tenant-release');
    const resource = 'repo:main';
    await locks.acquire(context, { resource, holder: 'alice', ttlMs: 60_000, priority: 'NORMAL' });
    expect(await locks.acquire(context, { resource, holder: 'bob', ttlMs: 60_000, priority: 'LOW' })).toMatchObject({
      outcome: 'queued',
      queuePosition: 1,
    });
    expect(await locks.acquire(context, { resource, holder: 'carol', ttlMs: 60_000, priority: 'HIGH' })).toMatchObject({
      outcome: 'queued',
      queuePosition: 1,
    });
    expect(await locks.release(context, resource, 'alice')).toMatchObject({ outcome: 'released' });
    const status = await queries.status('tenant-release', resource);
    expect(status.holder?.holder).toBe('carol');
    expect(status.queue.map((waiter) => waiter.holder)).toEqual(['bob']);
    expect(await locks.release(context, resource, 'bob')).toMatchObject({ outcome: 'left_queue' });
    expect((await queries.status('tenant-release', resource)).queue).toEqual([]);
  });

  it('expires a lock whose TTL passed and hands it to the next waiter, through a durable deadline', async () => {
    const context = tenantContext('tenant-expiry');
    const resource = 'env:staging';
    await locks.acquire(context, { resource, holder: 'forgetful', ttlMs: 300, priority: 'NORMAL' });
    await locks.acquire(context, { resource, holder: 'patient-low', ttlMs: 60_000, priority: 'LOW' });
    await locks.acquire(context, { resource, holder: 'patient-high', ttlMs: 60_000, priority: 'HIGH' });
    const [deadline] = await module
      .get(Database)
      .query<{ type: string; status: string }>(`SELECT type, status FROM deadlines WHERE tenant_id = 'tenant-expiry'`);
    expect(deadline).toEqual({ type: 'registry.lock-expiry', status: 'pending' });

    const status = await eventually(
      async () => {
        const current = await queries.status('tenant-expiry', resource);
        return current.holder?.holder === 'patient-high' ? current : undefined;
      },
      5_000,
      'the lock to pass to the high-priority waiter',
    );
    expect(status.queue.map((waiter) => waiter.holder)).toEqual(['patient-low']);
    expect(Date.parse(status.holder?.expiresAt ?? '') - Date.parse(status.holder?.grantedAt ?? '')).toBe(60_000);
    const types = (await module.get(EventStore).readStream(resourceLockStreamId('tenant-expiry', resource))).map((event) => event.type);
    expect(types).toEqual(['LockGranted', 'LockQueued', 'LockQueued', 'LockExpired', 'LockGranted']);
  });

  it('lets a renewal outlive the first deadline', async () => {
    const context = tenantContext('tenant-renew');
    const resource = 'printer';
    await locks.acquire(context, { resource, holder: 'alice', ttlMs: 250, priority: 'NORMAL' });
    await locks.acquire(context, { resource, holder: 'alice', ttlMs: 60_000, priority: 'NORMAL' });
    await sleep(600);
    expect((await queries.status('tenant-renew', resource)).holder?.holder).toBe('alice');
    const types = (await module.get(EventStore).readStream(resourceLockStreamId('tenant-renew', resource))).map((event) => event.type);
    expect(types).toEqual(['LockGranted', 'LockRenewed']);
  });

  it('keeps tenants apart', async () => {
    await locks.acquire(tenantContext('tenant-a'), { resource: 'shared-name', holder: 'a', ttlMs: 60_000, priority: 'NORMAL' });
    expect(
      await locks.acquire(tenantContext('tenant-b'), { resource: 'shared-name', holder: 'b', ttlMs: 60_000, priority: 'NORMAL' }),
    ).toMatchObject({
      outcome: 'granted',
    });
    expect((await queries.held('tenant-b', { after: 0, limit: 10 })).items.map((lock) => lock.holder?.holder)).toEqual(['b']);
  });
});
