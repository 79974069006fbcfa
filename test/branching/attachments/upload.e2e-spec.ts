import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Database } from '../../../src/platform/database/database.js';
import { type TestTenant, createTenant } from '../../support/tenant.js';
import type { TestApp } from '../../support/test-app.js';
import { PROBE_MAX_BYTES, startUploadProbeApp } from './upload-probe.app.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/attachments/${name}`, import.meta.url));
const PROBLEMS = 'https://agent-squad.dev/problems/';

function form(...parts: Array<[field: string, value: Blob | string, fileName?: string]>): FormData {
  const body = new FormData();
  for (const [field, value, fileName] of parts) {
    if (typeof value === 'string') body.append(field, value);
    else body.append(field, value, fileName);
  }
  return body;
}

/** A raw HTTP request, for bodies fetch would not send (a broken multipart). */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; type: string; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('@SingleFileUpload over HTTP', () => {
  let probe: TestApp;
  let tenant: TestTenant;
  let db: Database;

  beforeAll(async () => {
    probe = await startUploadProbeApp();
    tenant = await createTenant(probe.app);
    db = probe.app.get(Database);
  });
  afterAll(() => probe.close());

  const upload = (body: FormData, key: string | null = tenant.keys.operator) =>
    fetch(`${probe.url}/test/uploads`, { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {}, body });
  const storedCount = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM attachment_contents`))[0].n);

  async function expectProblem(response: Response, status: number, kind: string): Promise<Record<string, unknown>> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: PROBLEMS + kind, status });
    return body;
  }

  it('accepts one allowed file and hands it to the route (a real PNG, with a UTF-8 name)', async () => {
    const response = await upload(form(['file', new Blob([fixture('blue-7x5.png')], { type: 'image/png' }), 'écran 1.png']));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      fileName: 'écran 1.png',
      contentType: 'image/png',
      kind: 'image',
      sizeBytes: fixture('blue-7x5.png').length,
    });
  });

  it('answers 413 upload-too-large one byte over the limit, and stores nothing', async () => {
    const before = await storedCount();
    const body = await expectProblem(
      await upload(form(['file', new Blob(['x'.repeat(PROBE_MAX_BYTES + 1)], { type: 'text/plain' }), 'big.txt'])),
      413,
      'upload-too-large',
    );
    expect(body.maxBytes).toBe(PROBE_MAX_BYTES);
    expect(await storedCount()).toBe(before);
    // Exactly at the limit is accepted.
    const atLimit = await upload(form(['file', new Blob(['y'.repeat(PROBE_MAX_BYTES)], { type: 'text/plain' }), 'limit.txt']));
    expect(atLimit.status).toBe(201);
  });

  it('answers 415 upload-type-refused for a file type off the allow-list, and stores nothing', async () => {
    const before = await storedCount();
    const body = await expectProblem(
      await upload(form(['file', new Blob(['<html></html>'], { type: 'text/html' }), 'page.html'])),
      415,
      'upload-type-refused',
    );
    expect(body.accepted).toContain('image/png');
    expect(await storedCount()).toBe(before);
  });

  it('answers 400 malformed-multipart for no file, a second file, an extra field or another field name', async () => {
    const before = await storedCount();
    const file = () => new Blob(['hello'], { type: 'text/plain' });
    await expectProblem(await upload(form(['note', 'no file here'])), 400, 'malformed-multipart');
    await expectProblem(await upload(new FormData()), 400, 'malformed-multipart');
    await expectProblem(await upload(form(['file', file(), 'a.txt'], ['file', file(), 'b.txt'])), 400, 'malformed-multipart');
    await expectProblem(await upload(form(['file', file(), 'a.txt'], ['comment', 'extra'])), 400, 'malformed-multipart');
    await expectProblem(await upload(form(['document', file(), 'a.txt'])), 400, 'malformed-multipart');
    expect(await storedCount()).toBe(before);
  });

  it('answers 400 malformed-multipart for a broken multipart body (truncated, or without boundary)', async () => {
    const headers = { authorization: `Bearer ${tenant.keys.operator}` };
    const truncated = await rawPost(
      `${probe.url}/test/uploads`,
      { ...headers, 'content-type': 'multipart/form-data; boundary=XyZ' },
      '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhalf a fi',
    );
    expect(truncated).toMatchObject({ status: 400, json: { type: PROBLEMS + 'malformed-multipart' } });
    expect(truncated.type).toMatch(/^application\/problem\+json/);
    const noBoundary = await rawPost(`${probe.url}/test/uploads`, { ...headers, 'content-type': 'multipart/form-data' }, 'whatever');
    expect(noBoundary).toMatchObject({ status: 400, json: { type: PROBLEMS + 'malformed-multipart' } });
  });

  it('refuses a file name with control characters (400) and a body that is not multipart (415)', async () => {
    await expectProblem(
      await upload(form(['file', new Blob(['hi'], { type: 'text/plain' }), 'bad\u0001name.txt'])),
      400,
      'malformed-multipart',
    );
    const json = await fetch(`${probe.url}/test/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.keys.operator}`, 'content-type': 'application/json' },
      body: '{"file":"x"}',
    });
    await expectProblem(json, 415, 'unsupported-media-type');
  });

  it('lets multipart reach only routes that use the decorator: a JSON route answers 415', async () => {
    const response = await fetch(`${probe.url}/test/uploads/json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.keys.operator}` },
      body: form(['file', new Blob(['hello'], { type: 'text/plain' }), 'a.txt']),
    });
    await expectProblem(response, 415, 'unsupported-media-type');
  });

  it('answers 401 without an API key before reading the upload, and stores nothing', async () => {
    const before = await storedCount();
    await expectProblem(await upload(form(['file', new Blob(['hello'], { type: 'text/plain' }), 'a.txt']), null), 401, 'unauthorized');
    expect(await storedCount()).toBe(before);
  });

  it('answers 422 for a file whose bytes are not its declared type, and stores nothing', async () => {
    const before = await storedCount();
    const response = await upload(form(['file', new Blob([fixture('red-9x4.jpg')], { type: 'image/png' }), 'fake.png']));
    const body = await expectProblem(response, 422, 'domain-rule');
    expect(body.code).toBe('attachment_unreadable');
    expect(await storedCount()).toBe(before);
  });
});
