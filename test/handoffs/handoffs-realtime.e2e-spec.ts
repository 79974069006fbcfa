import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { untilTrue } from '../support/until.js';
import { handoffsClient } from './support.js';

/** The team queue is a room: a real Socket.IO client sees each handoff, claim and release, and only its organization's. */
describe('the queue room', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await subject.close();
  });

  it('delivers the handoff, its claim and its release to the queue room and the session room', async () => {
    const queue: DeliveredEvent[] = [];
    const sessionRoom: DeliveredEvent[] = [];
    const foreign: DeliveredEvent[] = [];
    const watcher = await connectSocket(subject.url, tenant.keys.operator, (event) => queue.push(event));
    const outsider = await connectSocket(subject.url, other.keys.operator, (event) => foreign.push(event));
    sockets.push(watcher, outsider);
    expect(await subscribeSocket(watcher, ['queue'])).toMatchObject({ ok: true });
    expect(await subscribeSocket(outsider, ['queue'])).toMatchObject({ ok: true });

    const api = handoffsClient(subject.url, tenant.keys.operator);
    const session = await api.sessions.start();
    const inSession = await connectSocket(subject.url, tenant.keys.operator, (event) => sessionRoom.push(event));
    sockets.push(inSession);
    await subscribeSocket(inSession, [`session:${session.id}`]);
    const response = await api.handOff(session.id, { kind: 'park', notes: 'Back after lunch' });
    const { id } = (await response.json()) as { id: string };
    expect((await api.claim(id)).status).toBe(200);
    expect((await api.release(id)).status).toBe(200);

    const types = ['SessionHandedOff', 'HandoffClaimed', 'HandoffReleased'];
    await untilTrue(
      () => queue.length >= 3 && sessionRoom.filter((e) => types.includes(e.type)).length >= 3,
      'the three events in both rooms',
    );
    expect(queue.map((event) => event.type)).toEqual(types);
    expect(queue.every((event) => (event.data as { handoffId: string }).handoffId === id)).toBe(true);
    expect(sessionRoom.filter((e) => types.includes(e.type)).map((e) => e.type)).toEqual(types);
    expect(foreign).toEqual([]);
    // Each delivered event is what docs/asyncapi.yaml says it is.
    const documented = new AsyncApiEventValidator();
    for (const event of [...queue, ...sessionRoom]) documented.check(event);
    expect(documented.problems).toEqual([]);
    expect(documented.checked).toBeGreaterThanOrEqual(6);
  });
});
