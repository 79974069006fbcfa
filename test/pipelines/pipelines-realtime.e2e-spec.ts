import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { untilTrue } from '../support/until.js';
import { pipelinesClient } from './support.js';

/** A pipeline's progress reaches its room and the organization's, as documented, and no other organization. */
describe('the pipeline room', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    tenant = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await subject?.close();
  });

  it('delivers phase started and finished, the gate waiting and the completion, in order, replayed to a late subscriber', async () => {
    const organization: DeliveredEvent[] = [];
    const foreign: DeliveredEvent[] = [];
    const watcher = await connectSocket(subject.url, tenant.keys.operator, (event) => organization.push(event));
    const outsider = await connectSocket(subject.url, other.keys.operator, (event) => foreign.push(event));
    sockets.push(watcher, outsider);
    expect(await subscribeSocket(watcher, ['organization'])).toMatchObject({ ok: true });
    expect(await subscribeSocket(outsider, ['organization'])).toMatchObject({ ok: true });

    const api = pipelinesClient(subject.url, tenant.keys.operator);
    const created = await api.start({
      featureRequest: 'Invoice export',
      phases: [{ phase: 'why' }, { phase: 'plan' }],
      approvalGates: ['why'],
    });
    // The pipeline's own stream; the learning records it leaves (e.g. DecisionRecorded) name it too and are the learning module's.
    const ownStream = (event: DeliveredEvent) => event.streamId === `pipeline-${created.id}`;
    const mine = () => organization.filter(ownStream);
    await untilTrue(() => mine().some((event) => event.type === 'PipelineGateWaiting'), 'the gate in the organization room');
    expect((await api.act(created.id, 'approve', { phase: 'why' })).status).toBe(200);
    await untilTrue(() => mine().some((event) => event.type === 'PipelineCompleted'), 'the completion');
    const types = [
      'PipelineStarted',
      'PipelinePhaseStarted',
      'PipelinePhaseCompleted',
      'PipelineGateWaiting',
      'PipelineGateApproved',
      'PipelinePhaseStarted',
      'PipelinePhaseCompleted',
      'PipelineCompleted',
    ];
    expect(mine().map((event) => event.type)).toEqual(types);

    const room: DeliveredEvent[] = [];
    const late = await connectSocket(subject.url, tenant.keys.agent, (event) => room.push(event));
    sockets.push(late);
    expect(await subscribeSocket(late, [`pipeline:${created.id}`], 0)).toMatchObject({ ok: true });
    await untilTrue(() => room.filter(ownStream).length >= types.length, 'the replay of the pipeline room');
    expect(room.filter(ownStream).map((event) => event.type)).toEqual(types);
    expect(foreign.filter((event) => (event.data as { pipelineId?: string }).pipelineId === created.id)).toEqual([]);

    const documented = new AsyncApiEventValidator();
    for (const event of room.filter(ownStream)) documented.check(event);
    expect(documented.problems).toEqual([]);
  });
});
