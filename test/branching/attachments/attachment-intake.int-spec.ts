import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AttachmentContentsStore } from '../../../src/branching/attachments/attachment-contents.store.js';
import { AttachmentIntake, PROMPT_TEXT_CAP } from '../../../src/branching/attachments/index.js';
import { NotFoundError } from '../../../src/platform/decider/decider.js';
import { PostgresLlmCache } from '../../../src/platform/llm/cache/llm-cache.js';
import { parseLlmSettings } from '../../../src/platform/llm/llm-config.js';
import { LlmGateway } from '../../../src/platform/llm/llm-gateway.js';
import { providerChain } from '../../../src/platform/llm/llm.module.js';
import { systemClock } from '../../../src/platform/llm/reliability/llm-clock.js';
import { UsageRecorder } from '../../../src/platform/llm/usage/usage-recorder.js';
import { type LlmHarness, llmHarness } from '../../llm/llm-harness.js';
import type { OpenAiTestServer } from '../../support/openai-test-server.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/attachments/${name}`, import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);

describe('AttachmentIntake against Postgres', () => {
  let h: LlmHarness;
  let server: OpenAiTestServer;
  let offlineGateway: LlmGateway;
  let intake: AttachmentIntake;
  let vision: AttachmentIntake;

  const rows = async (tenantId: string) =>
    h.db.query<{ sha256: string; size_bytes: number; bytes: Buffer }>(
      `SELECT sha256, size_bytes, bytes FROM attachment_contents WHERE tenant_id = $1`,
      [tenantId],
    );

  beforeAll(async () => {
    // The vision provider is the loopback server (no offline fallback); the other gateway has only the offline model.
    h = await llmHarness(1);
    [server] = h.servers;
    const settings = parseLlmSettings({});
    offlineGateway = new LlmGateway({
      settings,
      providers: providerChain(settings, systemClock),
      cache: new PostgresLlmCache(h.db),
      usage: new UsageRecorder(h.db, 0),
    });
    intake = new AttachmentIntake(new AttachmentContentsStore(h.db), offlineGateway);
    vision = new AttachmentIntake(new AttachmentContentsStore(h.db), h.gateway({ settings: { maxRetries: 0 } }));
  });
  afterAll(async () => {
    await offlineGateway.flushUsage();
    await h.close();
  });

  it('stores a file once per organization, whatever its name, and keeps the bytes whole', async () => {
    const tenant = randomUUID();
    const bytes = text('2026-12-02 ERROR dns timeout on 10.0.0.1\n');
    const first = await intake.ingest(tenant, { fileName: 'a.log', contentType: 'text/plain', bytes });
    const again = await intake.ingest(tenant, { fileName: 'copy.log', contentType: 'text/plain; charset=utf-8', bytes });
    expect(first).toMatchObject({
      kind: 'text',
      contentType: 'text/plain',
      sizeBytes: bytes.length,
      text: '2026-12-02 ERROR dns timeout on 10.0.0.1\n',
      truncated: false,
    });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(again).toEqual({ ...first, fileName: 'copy.log' });
    const stored = await rows(tenant);
    expect(stored).toHaveLength(1);
    expect(Buffer.compare(stored[0].bytes, Buffer.from(bytes))).toBe(0);
  });

  it('never lets one organization read another’s content, even by its digest', async () => {
    const [owner, other] = [randomUUID(), randomUUID()];
    const { sha256 } = await intake.ingest(owner, {
      fileName: 'secret.md',
      contentType: 'text/markdown',
      bytes: text('# Admin password is hunter2'),
    });
    await expect(intake.forPrompt(other, [sha256])).rejects.toThrow(NotFoundError);
    expect(await intake.describe(other, [sha256])).toEqual([]);
    expect(await new AttachmentContentsStore(h.db).bytesOf(other, sha256)).toBeUndefined();
    // The same file uploaded by the other organization is its own row, read afresh.
    await intake.ingest(other, { fileName: 'mine.md', contentType: 'text/markdown', bytes: text('# Admin password is hunter2') });
    expect(await rows(other)).toHaveLength(1);
    expect(await intake.forPrompt(owner, [sha256])).toEqual([
      { sha256, fileName: 'secret.md', contentType: 'text/markdown', text: '# Admin password is hunter2' },
    ]);
  });

  it('gives prompt text in the order asked, without duplicates, and refuses more than 10', async () => {
    const tenant = randomUUID();
    const csv = await intake.ingest(tenant, { fileName: 'hosts.csv', contentType: 'text/csv', bytes: text('host,up\nrouter,no\n') });
    const json = await intake.ingest(tenant, {
      fileName: 'conf.json',
      contentType: 'application/json',
      bytes: text('{"dns":["1.1.1.1"]}'),
    });
    expect(await intake.forPrompt(tenant, [json.sha256, csv.sha256, json.sha256])).toEqual([
      { sha256: json.sha256, fileName: 'conf.json', contentType: 'application/json', text: '{\n  "dns": [\n    "1.1.1.1"\n  ]\n}' },
      { sha256: csv.sha256, fileName: 'hosts.csv', contentType: 'text/csv', text: 'host,up\nrouter,no\n' },
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => String(i).padStart(64, '0'));
    await expect(intake.forPrompt(tenant, eleven)).rejects.toThrow('at most 10 attachments');
  });

  it('extracts the text of a real PDF', async () => {
    const tenant = randomUUID();
    const pdf = await intake.ingest(tenant, { fileName: 'notes.pdf', contentType: 'application/pdf', bytes: fixture('router-notes.pdf') });
    expect(pdf).toMatchObject({
      kind: 'pdf',
      text: 'Router reboot fixed the DNS timeouts.\nCheck the VPN split tunnel next.',
      truncated: false,
    });
  });

  it('summarizes a long text through the gateway (offline model) and caps what goes into the prompt', async () => {
    const tenant = randomUUID();
    const lines = Array.from(
      { length: 400 },
      (_, i) => `2026-12-02T07:${String(i % 60).padStart(2, '0')} ERROR resolver timed out after ${i} ms on the VPN link.`,
    );
    const long = await intake.ingest(tenant, { fileName: 'resolver.log', contentType: 'text/x-log', bytes: text(lines.join('\n')) });
    expect(long.truncated).toBe(true);
    expect(long.summary).toMatch(/resolver timed out/);
    expect(long.text.length).toBeLessThanOrEqual(PROMPT_TEXT_CAP);
    expect(long.text).toMatch(
      /^Summary: [\s\S]+\n\nBeginning of the file \(the rest is cut; \d+ characters in all\):\n2026-12-02T07:00 ERROR/,
    );
  });

  it('describes an image offline from its header: format, dimensions, and that nobody saw it', async () => {
    const tenant = randomUUID();
    const png = await intake.ingest(tenant, { fileName: 'blue.png', contentType: 'image/png', bytes: fixture('blue-7x5.png') });
    expect(png).toMatchObject({ kind: 'image', image: { format: 'png', width: 7, height: 5 }, truncated: false });
    expect(png.text).toBe(
      'Image "blue.png" (PNG, 7×5 pixels). An image "blue.png": PNG, 7×5 pixels (landscape), ' +
        `${fixture('blue-7x5.png').length} bytes. No vision model was available, so its content has not been described; ask the operator what it shows if it matters.`,
    );
  });

  it('sends an image to a vision provider as an image content part through the openai client, and keeps its description', async () => {
    const tenant = randomUUID();
    const jpeg = fixture('red-9x4.jpg');
    server.enqueue({ content: 'A solid red rectangle; no text is visible.' });
    const before = server.requests.length;
    const described = await vision.ingest(tenant, { fileName: 'red.jpg', contentType: 'image/jpeg', bytes: jpeg });
    expect(described).toMatchObject({
      kind: 'image',
      image: { format: 'jpeg', width: 9, height: 4 },
      summary: 'Description: A solid red rectangle; no text is visible.',
    });
    expect(described.text).toBe('Image "red.jpg" (JPEG, 9×4 pixels). Description: A solid red rectangle; no text is visible.');
    const sent = server.requests.slice(before).filter((r) => r.path.endsWith('/chat/completions'));
    expect(sent).toHaveLength(1);
    const messages = sent[0].body.messages as unknown[];
    expect(messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'The operator attached "red.jpg" (JPEG, 9×4 pixels).' },
        { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}` } },
      ],
    });
    // Stored once: the same image again asks the model nothing.
    await vision.ingest(tenant, { fileName: 'again.jpg', contentType: 'image/jpeg', bytes: jpeg });
    expect(server.requests.length).toBe(before + 1);
  });

  it('falls back to the offline description when the vision provider fails', async () => {
    const tenant = randomUUID();
    server.enqueue({ status: 500 });
    const png = await vision.ingest(tenant, { fileName: 'blue.png', contentType: 'image/png', bytes: fixture('blue-7x5.png') });
    expect(png.summary).toMatch(/^An image "blue.png": PNG, 7×5 pixels .*No vision model was available/);
  });

  it('stores nothing for a file it cannot read', async () => {
    const tenant = randomUUID();
    await expect(intake.ingest(tenant, { fileName: 'x.json', contentType: 'application/json', bytes: text('{oops') })).rejects.toThrow(
      'not readable as application/json',
    );
    await expect(intake.ingest(tenant, { fileName: 'x.pdf', contentType: 'application/pdf', bytes: text('not a pdf') })).rejects.toThrow(
      '%PDF-',
    );
    await expect(intake.ingest(tenant, { fileName: 'x.exe', contentType: 'application/x-msdownload', bytes: text('MZ') })).rejects.toThrow(
      'not accepted',
    );
    expect(await rows(tenant)).toEqual([]);
  });
});
