import type { NestExpressApplication } from '@nestjs/platform-express';
import { type TestApp, startReplica, startTestApp } from '../support/test-app.js';
import { call, createTenant, json } from '../support/tenant.js';
import { until } from '../support/until.js';

/**
 * A key revoked through one replica stops working on every replica: nothing a replica keeps in memory
 * (a cache of keys, should one ever be added to save the lookup) may let it through.
 */
describe('API keys revoked on another replica', () => {
  let first: TestApp;
  let second: NestExpressApplication;
  let secondUrl: string;

  beforeAll(async () => {
    first = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    ({ app: second, url: secondUrl } = await startReplica(first));
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('are refused there within a second, while the revoking replica refuses them at once', async () => {
    const tenant = await createTenant(first.app, 'Replicas');
    const issued = await json<{ id: string; key: string }>(
      call(`${first.url}/api/v1/api-keys`, tenant.keys.admin, { method: 'POST', body: { name: 'doomed', role: 'operator' } }),
    );
    // Both replicas have answered with the key, so both remember it.
    expect((await call(`${first.url}/api/v1/squads`, issued.key)).status).toBe(200);
    expect((await call(`${secondUrl}/api/v1/squads`, issued.key)).status).toBe(200);

    expect((await call(`${first.url}/api/v1/api-keys/${issued.id}`, tenant.keys.admin, { method: 'DELETE' })).status).toBe(204);
    const revokedAt = Date.now();
    expect((await call(`${first.url}/api/v1/squads`, issued.key)).status).toBe(401);
    await until(
      async () => (await call(`${secondUrl}/api/v1/squads`, issued.key)).status,
      (status) => status === 401,
      'the other replica to refuse the revoked key',
      5_000,
    );
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    // Another key of the tenant is untouched on both.
    expect((await call(`${secondUrl}/api/v1/squads`, tenant.keys.operator)).status).toBe(200);
    expect((await call(`${first.url}/api/v1/squads`, tenant.keys.operator)).status).toBe(200);
  });
});
