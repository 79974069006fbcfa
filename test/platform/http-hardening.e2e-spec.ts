import { randomBytes } from 'node:crypto';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, call, createTenant } from '../support/tenant.js';

const PROBLEMS = 'https://agent-squad.dev/problems/';

describe('HTTP hardening', () => {
  let subject: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app, 'Hardened');
  });
  afterAll(() => subject.close());

  it('sends security headers: nosniff, no framing, a same-origin CSP, no X-Powered-By', async () => {
    for (const path of ['/api/v1/squads', '/api/docs/', '/health/live']) {
      const response = await call(`${subject.url}${path}`, tenant.keys.admin);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('never sends a weak ETag; the strong ETags it sends are accepted in If-Match', async () => {
    const list = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin);
    expect(list.headers.get('etag')).toBeNull();
    const squad = await call(`${subject.url}/api/v1/squads/${tenant.squadId}`, tenant.keys.admin);
    const etag = squad.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+"$/);
    const renamed = await call(`${subject.url}/api/v1/squads/${tenant.squadId}`, tenant.keys.admin, {
      method: 'PATCH',
      body: { name: 'Renamed' },
      headers: { 'if-match': etag },
    });
    expect(renamed.status).toBe(200);
  });

  it('answers 413 problem+json to a JSON body over 1 MB, and 415 to a form that would issue a key', async () => {
    const large = await call(`${subject.url}/api/v1/squads`, tenant.keys.admin, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', description: 'y'.repeat(1_100_000) }),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ type: `${PROBLEMS}payload-too-large` });

    const form = await fetch(`${subject.url}/api/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.keys.admin}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x&role=admin',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ type: `${PROBLEMS}unsupported-media-type`, accepted: ['application/json'] });
  });

  it('limits requests without a valid key per address before any lookup (429 + Retry-After); a valid key keeps working', async () => {
    const statuses = new Map<number, number>();
    let limited: Response | undefined;
    for (let n = 0; n < 700; n++) {
      const response = await call(`${subject.url}/api/v1/squads`, `ask_${randomBytes(24).toString('base64url')}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) limited ??= response;
      else await response.body?.cancel();
    }
    expect(statuses.get(401)).toBe(300); // UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE's default
    expect(statuses.get(429)).toBe(400);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited!.json()).toMatchObject({ type: `${PROBLEMS}rate-limited` });

    // No key at all is limited the same way; the key that authenticated before still works.
    expect((await call(`${subject.url}/api/v1/squads`, undefined)).status).toBe(429);
    expect((await call(`${subject.url}/api/v1/squads`, tenant.keys.admin)).status).toBe(200);
    // Health probes are public and never limited.
    expect((await fetch(`${subject.url}/health/live`)).status).toBe(200);
  });
});
