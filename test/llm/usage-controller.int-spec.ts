import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import { DatabaseModule } from '../../src/platform/database/database.module.js';
import { Database } from '../../src/platform/database/database.js';
import { ProblemDetailsFilter } from '../../src/platform/http/problem-details.filter.js';
import { LLM_ENV, LlmModule } from '../../src/platform/llm/llm.module.js';
import { LlmGateway } from '../../src/platform/llm/llm-gateway.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';

describe('GET /api/v1/usage', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({ imports: [DatabaseModule.forRoot({ url: database.url, poolSize: 2 }), LlmModule] })
      .overrideProvider(LLM_ENV)
      .useValue({ LLM_USAGE_FLUSH_MS: '0' })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    // Stands in for the API-key guard: it sets request.principal from the key; here from a header.
    app.use((req: Request & { principal?: unknown }, _res: Response, next: NextFunction) => {
      const tenant = req.header('x-test-tenant');
      if (tenant) req.principal = { tenantId: tenant, role: 'admin', keyId: 'k1' };
      next();
    });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    const gateway = app.get(LlmGateway);
    await gateway.chat({ tenantId: 'org-1', purpose: 'summarize', messages: [{ role: 'user', content: 'The release slipped a week.' }] });
    await gateway.chat({ tenantId: 'org-2', purpose: 'vote', messages: [{ role: 'user', content: 'Options: a, b' }] });
    const squadId = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
    const inSquad = (agentSlug: string, content: string) =>
      gateway.chat({ tenantId: 'org-3', purpose: 'reply', messages: [{ role: 'user', content }], scope: { squadId, agentSlug } });
    await inSquad('reviewer', 'Review this.');
    await inSquad('reviewer', 'And this.');
    await inSquad('writer', 'Write that.');
    await gateway.chat({ tenantId: 'org-3', purpose: 'summarize', messages: [{ role: 'user', content: 'No squad.' }] });
    await gateway.flushUsage();
    // Place the rows on a known day so the default and explicit ranges can be checked.
    await app.get(Database).query(`UPDATE llm_usage SET created_at = '2025-03-10T08:00:00Z'`);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers 401 problem+json without a principal', async () => {
    const response = await fetch(`${url}/api/v1/usage`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'https://agent-squad.dev/problems/unauthorized', status: 401 });
  });

  it("returns the caller's organization's totals only", async () => {
    const response = await fetch(`${url}/api/v1/usage?from=2025-03-01&to=2025-03-31`, { headers: { 'x-test-tenant': 'org-1' } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-03-31T00:00:00.000Z',
      total: { calls: 1, costUsd: 0 },
      byDay: [{ day: '2025-03-10', calls: 1 }],
      byPurpose: [{ purpose: 'summarize', calls: 1 }],
      byModel: [{ provider: 'offline', model: 'agent-squad-offline-1', calls: 1 }],
    });
  });

  it('filters by squad and by agent, and says which filter it applied', async () => {
    const usage = async (query: string) => {
      const response = await fetch(`${url}/api/v1/usage?from=2025-03-01&to=2025-03-31&${query}`, { headers: { 'x-test-tenant': 'org-3' } });
      expect(response.status).toBe(200);
      return (await response.json()) as { squadId: string | null; agentSlug: string | null; total: { calls: number } };
    };
    const squadId = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
    expect(await usage('')).toMatchObject({ squadId: null, agentSlug: null, total: { calls: 4 } });
    expect(await usage(`squadId=${squadId}`)).toMatchObject({ squadId, total: { calls: 3 } });
    expect(await usage(`squadId=${squadId}&agentSlug=reviewer`)).toMatchObject({ agentSlug: 'reviewer', total: { calls: 2 } });
    expect(await usage('agentSlug=writer')).toMatchObject({ total: { calls: 1 } });
    expect(await usage('squadId=00000000-0000-4000-8000-000000000000')).toMatchObject({ total: { calls: 0 } });
  });

  it('refuses a squad filter that is no uuid and an agent filter that is no slug', async () => {
    for (const query of ['squadId=core', 'agentSlug=Not%20A%20Slug']) {
      const response = await fetch(`${url}/api/v1/usage?${query}`, { headers: { 'x-test-tenant': 'org-3' } });
      expect(response.status).toBe(400);
    }
  });

  it('refuses a bad range with 400 problem+json', async () => {
    for (const query of ['from=yesterday', 'from=2025-03-31&to=2025-03-01', 'from=2020-01-01&to=2025-01-01']) {
      const response = await fetch(`${url}/api/v1/usage?${query}`, { headers: { 'x-test-tenant': 'org-1' } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { type: string }).type).toBe('https://agent-squad.dev/problems/validation');
    }
  });
});
