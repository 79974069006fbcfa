import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { EventStore } from '../../src/platform/event-store/event-store.js';
import { EventTail } from '../../src/platform/realtime/event-tail.js';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeBatched, subscribeSocket } from '../support/sockets.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { sleep, untilTrue } from '../support/until.js';

/** Every `events` message and every event in it, against docs/asyncapi.yaml (TestPinged is this file's own). */
const documented = new AsyncApiEventValidator(['TestPinged']);

/** What one socket received, message by message. */
interface Received {
  batches: DeliveredEvent[][];
  single: DeliveredEvent[];
}

const positions = (events: readonly DeliveredEvent[]) => events.map((event) => event.position);

describe('realtime channel, batched delivery (subscribe { batch: true })', () => {
  let subject: TestApp;
  let store: EventStore;
  let own: TestTenant;
  let other: TestTenant;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    store = subject.app.get(EventStore);
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => subject.close());

  /** A socket recording its `events` and `event` messages apart. */
  const open = async (key: string): Promise<{ socket: Socket; received: Received }> => {
    const received: Received = { batches: [], single: [] };
    const socket = await connectSocket(subject.url, key, (event) => received.single.push(event));
    socket.on('events', (events: DeliveredEvent[]) => {
      documented.checkBatch(events);
      received.batches.push(events);
    });
    sockets.push(socket);
    return { socket, received };
  };

  const tailCaughtUp = async () => {
    const head = await store.headPosition();
    const tail = subject.app.get(EventTail);
    await untilTrue(() => tail.position >= head, `the tail to reach ${head}`);
  };

  /** `count` pings of one squad appended together (one transaction), their positions. */
  const appendPings = async (tenantId: string, squadId: string, count: number, from = 0): Promise<number[]> => {
    const appended = await store.append(
      `realtime_test-${randomUUID()}`,
      Array.from({ length: count }, (_, i) => ({ type: 'TestPinged', data: { squadId, n: from + i } })),
      { expectedVersion: 'any', metadata: { tenantId, actor: null, correlationId: randomUUID(), causationId: null } },
    );
    return appended.events.map((event) => event.position);
  };

  it('delivers every event of its rooms once, in order, in fewer messages than events; a one-by-one socket beside it is unchanged', async () => {
    await tailCaughtUp(); // the tenants' setup events must not arrive after these subscriptions
    const squadId = randomUUID();
    const batched = await open(own.keys.operator);
    // Two rooms every ping reaches: each must still arrive once.
    expect(await subscribeBatched(batched.socket, ['organization', `squad:${squadId}`])).toMatchObject({ ok: true });
    const oneByOne = await open(own.keys.operator);
    expect(await subscribeSocket(oneByOne.socket, ['organization', `squad:${squadId}`])).toMatchObject({ ok: true });
    const outsider = await open(other.keys.operator);
    expect(await subscribeBatched(outsider.socket, ['organization', `squad:${squadId}`])).toMatchObject({ ok: true });

    const [ownPings, foreignPings] = await Promise.all([
      appendPings(own.organizationId, squadId, 40),
      appendPings(other.organizationId, squadId, 5),
    ]);
    const morePings = await appendPings(own.organizationId, squadId, 10, 40);
    const expected = [...ownPings, ...morePings];

    await untilTrue(() => batched.received.batches.flat().length >= expected.length, 'the batched events');
    await untilTrue(() => oneByOne.received.single.length >= expected.length, 'the one-by-one events');
    await untilTrue(() => outsider.received.batches.flat().length >= foreignPings.length, "the outsider's own events");
    await sleep(200); // nothing more, in particular no duplicate

    expect(positions(batched.received.batches.flat())).toEqual(expected);
    expect(batched.received.batches.length).toBeLessThan(expected.length);
    expect(batched.received.single).toEqual([]);

    expect(positions(oneByOne.received.single)).toEqual(expected);
    expect(oneByOne.received.batches).toEqual([]);
    // The same event, whichever way it travels.
    expect(oneByOne.received.single).toEqual(batched.received.batches.flat());

    // Rooms are named inside the organization: the outsider's `squad:<id>` is its own, empty of ours.
    expect(positions(outsider.received.batches.flat())).toEqual(foreignPings);
  });

  it('catches up with `after` in batches, then live ones, with no gap and no duplicate even while events arrive', async () => {
    const squadId = randomUUID();
    const before = await appendPings(own.organizationId, squadId, 120);
    await tailCaughtUp();
    const client = await open(own.keys.admin);

    // Appends keep coming while the replay runs and after it: each must arrive exactly once.
    let appending = true;
    const during: Promise<number[]>[] = [];
    const appender = (async () => {
      for (let n = 0; appending && n < 200; n++) {
        during.push(appendPings(own.organizationId, squadId, 3, 1000 + 3 * n));
        await sleep(5);
      }
    })();
    const ack = await subscribeBatched(client.socket, [`squad:${squadId}`], 0);
    expect(ack).toMatchObject({ ok: true });
    await sleep(100);
    appending = false;
    await appender;
    const after = (await Promise.all(during)).flat();
    const last = await appendPings(own.organizationId, squadId, 1, 5000);
    const expected = [...before, ...after, ...last].sort((a, b) => a - b);

    await untilTrue(() => client.received.batches.flat().length >= expected.length, 'the replayed and live events');
    await sleep(200);
    const got = positions(client.received.batches.flat());
    expect(got).toEqual(expected);
    expect(client.received.single).toEqual([]);
    // The 120 stored before the subscription came in one catch-up page, not one message each.
    expect(client.received.batches.length).toBeLessThan(expected.length);
    expect(positions(client.received.batches[0]).slice(0, before.length)).toEqual(before);
  });

  it('refuses rooms it cannot name and a batch flag that is not a boolean', async () => {
    const { socket } = await open(own.keys.operator);
    expect(await subscribeBatched(socket, [`org:${other.organizationId}`])).toMatchObject({ ok: false });
    expect(await socket.timeout(10_000).emitWithAck('subscribe', { rooms: ['organization'], batch: 'yes' })).toEqual({
      ok: false,
      error: 'batch must be true or false',
    });
  });

  it('sends domain events in batches as docs/asyncapi.yaml documents them', async () => {
    await tailCaughtUp();
    const client = await open(own.keys.operator);
    expect(await subscribeBatched(client.socket, ['organization'])).toMatchObject({ ok: true });
    const created = await json<{ id: string }>(
      call(`${subject.url}/api/v1/squads`, own.keys.admin, { method: 'POST', body: { name: 'Batched squad' } }),
    );
    await untilTrue(() => client.received.batches.flat().some((event) => event.type === 'SquadCreated'), 'SquadCreated');
    expect(client.received.batches.flat().find((event) => event.type === 'SquadCreated')?.data).toMatchObject({ squadId: created.id });
    expect(documented.checked).toBeGreaterThan(0);
    expect(documented.problems).toEqual([]);
  });
});
