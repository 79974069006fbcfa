import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import type { DeliveredEvent, Signal } from '../../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../../support/asyncapi-event-validator.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../../support/openai-test-server.js';
import { connectSocket, subscribeSocket } from '../../support/sockets.js';
import { type TestTenant, createTenant } from '../../support/tenant.js';
import type { TestApp } from '../../support/test-app.js';
import { untilTrue } from '../../support/until.js';
import { PROBLEMS, branchNamed, branchingClient, lastStreamedChat, startAppOnLoopbackModel, streamedChats } from '../support.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/attachments/${name}`, import.meta.url));

interface AttachmentBody {
  id: string;
  branchId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  kind: string;
  sha256: string;
  summary: string | null;
  truncated: boolean;
}

function fileForm(bytes: Uint8Array | string, type: string, fileName: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type }), fileName);
  return form;
}

/** Files attached to branches through the real route: stored by sha256, recorded on the session, carried into the branch's prompts. */
describe('attachments on branches', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let own: TestTenant;
  let other: TestTenant;
  let db: pg.Client;

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    subject = await startAppOnLoopbackModel(server);
    own = await createTenant(subject.app, 'Own');
    other = await createTenant(subject.app, 'Other');
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
    await server.close();
  });

  const upload = (sessionId: string, branchId: string, body: FormData | undefined, key: string | null = own.keys.operator) =>
    fetch(`${subject.url}/api/v1/sessions/${sessionId}/branches/${branchId}/attachments`, {
      method: 'POST',
      headers: key ? { authorization: `Bearer ${key}` } : {},
      body,
    });
  const uploaded = async (sessionId: string, branchId: string, body: FormData): Promise<AttachmentBody> => {
    const response = await upload(sessionId, branchId, body);
    if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as AttachmentBody;
  };
  const say = async (sessionId: string, branchId: string, text: string, attachmentIds: string[] = []) =>
    fetch(`${subject.url}/api/v1/sessions/${sessionId}/branches/${branchId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own.keys.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text, attachmentIds }),
    });
  const lastSystemPrompt = () => String(lastStreamedChat(server).messages?.[0].content);
  const counts = async () => {
    const { rows } = await db.query<{ events: string; contents: string; attachments: string }>(
      `SELECT (SELECT count(*) FROM events WHERE type IN ('AttachmentAdded', 'BranchMessagePosted')) AS events,
              (SELECT count(*) FROM attachment_contents) AS contents,
              (SELECT count(*) FROM branching_attachments) AS attachments`,
    );
    return rows[0];
  };
  async function expectProblem(response: Response, status: number, type: string): Promise<Record<string, unknown>> {
    expect({ status: response.status, contentType: response.headers.get('content-type') }).toEqual({
      status,
      contentType: expect.stringMatching(/^application\/problem\+json/),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.type).toBe(PROBLEMS + type);
    return body;
  }

  it('a PDF attached to the root is in the prompt of a message citing it, and of the branches forked after it', async () => {
    const api = branchingClient(subject.url, own.keys.operator);
    const session = await api.start('Mail stopped after the router change');
    const root = session.rootBranchId;
    const response = await upload(session.id, root, fileForm(fixture('router-notes.pdf'), 'application/pdf', 'router-notes.pdf'));
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toMatch(/^"\d+"$/);
    const pdf = (await response.json()) as AttachmentBody;
    expect(pdf).toMatchObject({
      branchId: root,
      fileName: 'router-notes.pdf',
      contentType: 'application/pdf',
      kind: 'pdf',
      sizeBytes: fixture('router-notes.pdf').length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      truncated: false,
    });
    expect((await api.get(session.id)) as unknown).toMatchObject({ attachments: [{ id: pdf.id, fileName: 'router-notes.pdf' }] });

    expect((await say(session.id, root, 'Here are my notes', [pdf.id])).status).toBe(201);
    expect(lastSystemPrompt()).toContain(
      '## Attachments\n### router-notes.pdf (application/pdf)\nRouter reboot fixed the DNS timeouts.\nCheck the VPN split tunnel next.',
    );
    const [posted] = (await api.messages(session.id, root)) as unknown as { attachmentIds: string[] }[];
    expect(posted.attachmentIds).toEqual([pdf.id]);

    // The fork inherits the message that cited it, so the notes stay in the branch's prompts.
    const forked = await api.fork(session.id, root, ['VPN', 'DNS']);
    const vpn = branchNamed(forked, 'VPN').id;
    expect((await say(session.id, vpn, 'Split tunnel is on')).status).toBe(201);
    expect(lastSystemPrompt()).toContain('Check the VPN split tunnel next.');

    // A message on the root after the fork is not part of the other branch's history: its file is not in DNS's prompt.
    const log = await uploaded(session.id, root, fileForm('smtp 421 too many connections\n', 'text/x-log', 'smtp.log'));
    expect((await say(session.id, root, 'And the SMTP log', [log.id])).status).toBe(201);
    expect(lastSystemPrompt()).toContain('### smtp.log (text/x-log)\nsmtp 421 too many connections');
    const dns = branchNamed(forked, 'DNS').id;
    expect((await api.transition(session.id, dns, 'switch')).status).toBe(200);
    expect((await say(session.id, dns, 'dig MX looks fine')).status).toBe(201);
    expect(lastSystemPrompt()).toContain('router-notes.pdf');
    expect(lastSystemPrompt()).not.toContain('smtp.log');
    // A file of any branch of the session may be cited.
    expect((await say(session.id, dns, 'Compare with the root log', [log.id])).status).toBe(201);
    expect(lastSystemPrompt()).toContain('smtp 421 too many connections');
  });

  it('an image gets its format, size and a description; the same bytes again are stored once', async () => {
    const api = branchingClient(subject.url, own.keys.operator);
    const session = await api.start('The VPN client shows an error dialog');
    const png = fixture('blue-7x5.png');
    const first = await uploaded(session.id, session.rootBranchId, fileForm(png, 'image/png', 'dialog.png'));
    expect(first).toMatchObject({ kind: 'image', contentType: 'image/png', sizeBytes: png.length, summary: expect.any(String) });
    const before = await counts();
    const again = await uploaded(session.id, session.rootBranchId, fileForm(png, 'image/png', 'dialog-again.png'));
    expect(again).toMatchObject({ sha256: first.sha256, fileName: 'dialog-again.png' });
    expect(again.id).not.toBe(first.id);
    const after = await counts();
    expect(Number(after.contents)).toBe(Number(before.contents));
    expect(Number(after.attachments)).toBe(Number(before.attachments) + 1);
    expect((await say(session.id, session.rootBranchId, 'What does it say?', [again.id])).status).toBe(201);
    expect(lastSystemPrompt()).toContain('### dialog-again.png (image/png)\nImage "dialog.png" (PNG, 7×5 pixels).');
  });

  describe('refusals store and append nothing', () => {
    let sessionId: string;
    let root: string;
    let deadEnd: string;
    let theirs: { sessionId: string; root: string };
    const textFile = () => fileForm('nslookup: timed out\n', 'text/plain', 'lookup.txt');

    beforeAll(async () => {
      const api = branchingClient(subject.url, own.keys.operator);
      const session = await api.start('Printer offline');
      sessionId = session.id;
      root = session.rootBranchId;
      const forked = await api.fork(sessionId, root, ['Driver', 'Network'], { activateFirst: false });
      deadEnd = branchNamed(forked, 'Driver').id;
      expect((await api.transition(sessionId, deadEnd, 'dead-end', { reason: 'Same driver works elsewhere' })).status).toBe(200);
      const foreign = await branchingClient(subject.url, other.keys.operator).start('Their problem');
      theirs = { sessionId: foreign.id, root: foreign.rootBranchId };
    });

    const refused = async (response: Promise<Response>, status: number, type: string) => {
      const before = await counts();
      const body = await expectProblem(await response, status, type);
      expect(await counts()).toEqual(before);
      return body;
    };

    it('a dead end, an untried branch: 409 illegal-branch-transition', async () => {
      const body = await refused(upload(sessionId, deadEnd, textFile()), 409, 'illegal-branch-transition');
      expect(body).toMatchObject({ branchStatus: 'dead_end', transition: 'take attachments' });
      const untried = (await branchingClient(subject.url, own.keys.operator).get(sessionId)).branches.find((b) => b.label === 'Network')!;
      await refused(upload(sessionId, untried.id, textFile()), 409, 'illegal-branch-transition');
    });

    it('another organization’s session, an unknown branch or session: 404', async () => {
      await refused(upload(theirs.sessionId, theirs.root, textFile()), 404, 'not-found');
      await refused(upload(sessionId, theirs.root, textFile()), 404, 'not-found');
      await refused(upload(sessionId, '00000000-0000-4000-8000-000000000000', textFile()), 404, 'not-found');
      await refused(upload('00000000-0000-4000-8000-000000000000', root, textFile()), 404, 'not-found');
    });

    it('no key: 401, before the upload is read', async () => {
      await refused(upload(sessionId, root, textFile(), null), 401, 'unauthorized');
    });

    it('a refused type 415, one byte over the documented limit 413, a JSON body 415', async () => {
      const body = await refused(upload(sessionId, root, fileForm('<html></html>', 'text/html', 'page.html')), 415, 'upload-type-refused');
      expect(body.accepted).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'text/csv']));
      const limit = 10 * 1024 * 1024;
      const tooLarge = await refused(
        upload(sessionId, root, fileForm('x'.repeat(limit + 1), 'text/plain', 'big.log')),
        413,
        'upload-too-large',
      );
      expect(tooLarge.maxBytes).toBe(limit);
      await refused(
        fetch(`${subject.url}/api/v1/sessions/${sessionId}/branches/${root}/attachments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${own.keys.operator}`, 'content-type': 'application/json' },
          body: JSON.stringify({ file: 'x' }),
        }),
        415,
        'unsupported-media-type',
      );
    });

    it('malformed multipart (no file, an extra field, a truncated body): 400', async () => {
      const noFile = new FormData();
      noFile.append('note', 'no file');
      await refused(upload(sessionId, root, noFile), 400, 'malformed-multipart');
      const extra = textFile();
      extra.append('sneaky', 'true');
      await refused(upload(sessionId, root, extra), 400, 'malformed-multipart');
      const truncated = new Promise<Response>((resolve, reject) => {
        const body = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhalf a fi';
        const req = request(
          `${subject.url}/api/v1/sessions/${sessionId}/branches/${root}/attachments`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${own.keys.operator}`,
              'content-type': 'multipart/form-data; boundary=XyZ',
              'content-length': String(Buffer.byteLength(body)),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve(
                new Response(Buffer.concat(chunks), {
                  status: res.statusCode,
                  headers: { 'content-type': String(res.headers['content-type']) },
                }),
              ),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      await refused(truncated, 400, 'malformed-multipart');
    });

    it('bytes that are not their declared type: 422 attachment_unreadable', async () => {
      const body = await refused(upload(sessionId, root, fileForm(fixture('red-9x4.jpg'), 'image/png', 'fake.png')), 422, 'domain-rule');
      expect(body.code).toBe('attachment_unreadable');
    });

    it('a message citing an attachment the session does not have: 404, no message appended, no model called', async () => {
      const theirFile = await (async () => {
        const response = await upload(theirs.sessionId, theirs.root, textFile(), other.keys.operator);
        expect(response.status).toBe(201);
        return (await response.json()) as AttachmentBody;
      })();
      const replies = () => streamedChats(server).length;
      const calls = replies();
      await refused(say(sessionId, root, 'See their file', [theirFile.id]), 404, 'not-found');
      await refused(say(sessionId, root, 'See a made-up file', ['00000000-0000-4000-8000-000000000000']), 404, 'not-found');
      expect(replies()).toBe(calls);
    });
  });

  it('the session room carries its attachments, every branch’s messages and the streamed reply', async () => {
    const api = branchingClient(subject.url, own.keys.operator);
    const session = await api.start('Wi-Fi drops every hour');
    const events: DeliveredEvent[] = [];
    const signals: Signal[] = [];
    const validator = new AsyncApiEventValidator();
    const socket: Socket = await connectSocket(subject.url, own.keys.operator, (event) => {
      events.push(event);
      validator.check(event);
    });
    try {
      socket.on('signal', (signal: Signal) => signals.push(signal));
      expect(await subscribeSocket(socket, [`session:${session.id}`], 0)).toMatchObject({ ok: true });
      const forked = await api.fork(session.id, session.rootBranchId, ['Channel', 'Power save']);
      const channel = branchNamed(forked, 'Channel').id;
      const notes = await uploaded(session.id, channel, fileForm('channel 6 crowded\n', 'text/markdown', 'survey.md'));
      expect((await say(session.id, channel, 'Survey attached', [notes.id])).status).toBe(201);
      await untilTrue(() => events.some((e) => e.type === 'BranchReplyGiven'), 'the reply in the session room');
      // The summary step's event may follow at any time; the rest arrive in order.
      expect(events.map((e) => e.type).filter((type) => type !== 'BranchSummaryUpdated')).toEqual([
        'SessionStarted',
        'BranchesForked',
        'AttachmentAdded',
        'BranchMessagePosted',
        'BranchReplyGiven',
      ]);
      expect(events.find((e) => e.type === 'AttachmentAdded')?.data).toMatchObject({ attachmentId: notes.id, branchId: channel });
      expect(signals.map((s) => s.kind)).toContain('branching.reply.delta');
      expect(signals[signals.length - 1]).toMatchObject({ room: `session:${session.id}`, kind: 'branching.reply.done' });
      expect(validator.problems).toEqual([]);

      // Another organization cannot watch it: the same room name is its own, empty room.
      const foreign: DeliveredEvent[] = [];
      const theirs = await connectSocket(subject.url, other.keys.operator, (event) => foreign.push(event));
      try {
        expect(await subscribeSocket(theirs, [`session:${session.id}`], 0)).toMatchObject({ ok: true });
        expect(foreign).toEqual([]);
      } finally {
        theirs.close();
      }
    } finally {
      socket.close();
    }
  });
});
