import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/platform/config/app-config.js';
import { systemContext } from '../../src/platform/decider/command-context.js';
import { AgentDefinitionsService } from '../../src/registry/index.js';
import { LlmGateway } from '../../src/platform/llm/index.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestDatabase, createTestDatabase } from '../support/test-database.js';
import { type TestTenant, call, createTenant, json } from '../support/tenant.js';
import { withLlmEnv } from '../support/llm-env.js';

/** The provider every app of these tests uses: $1 per 1,000 tokens in and out, so tokens and dollars move together. */
export const PRICE_PER_TOKEN_USD = 0.001;

export interface BudgetApp {
  app: NestExpressApplication;
  url: string;
  gateway: LlmGateway;
  close(): Promise<void>;
}

export interface BudgetTestbed {
  database: TestDatabase;
  server: OpenAiTestServer;
  sql: pg.Pool;
  /** A process of the app on the shared database (the same bootstrap as `npm start`). */
  start(): Promise<BudgetApp>;
  tenant(app: BudgetApp): Promise<TestTenant>;
  close(): Promise<void>;
}

/** One database, one loopback provider, and as many app processes on them as a test starts. */
export async function budgetTestbed(): Promise<BudgetTestbed> {
  const database = await createTestDatabase();
  const server = await startOpenAiTestServer();
  const sql = new pg.Pool({ connectionString: database.url, max: 2 });
  sql.on('error', () => undefined);
  const apps: BudgetApp[] = [];
  const env = {
    LLM_1_NAME: 'paid',
    LLM_1_BASE_URL: server.baseUrl,
    LLM_1_MODEL: 'paid-model',
    LLM_1_PRICE_IN: '1',
    LLM_1_PRICE_OUT: '1',
    LLM_MAX_RETRIES: '0',
    LLM_CIRCUIT_FAILURES: '1000',
    LLM_USAGE_FLUSH_MS: '0',
  };
  return {
    database,
    server,
    sql,
    async start() {
      const app = await withLlmEnv(env, async () => {
        const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', PORT: '0', DATABASE_URL: database.url });
        const started = await createApp({ config, databaseUrl: database.url });
        await started.listen(0, '127.0.0.1');
        return started;
      });
      const { port } = app.getHttpServer().address() as { port: number };
      const entry: BudgetApp = {
        app,
        url: `http://127.0.0.1:${port}`,
        gateway: app.get(LlmGateway),
        close: async () => {
          apps.splice(apps.indexOf(entry), 1);
          await app.close();
        },
      };
      apps.push(entry);
      return entry;
    },
    tenant: (app) => createTenant(app.app, `Budget Org ${Math.random().toString(36).slice(2, 8)}`),
    async close() {
      for (const app of [...apps]) await app.close();
      await sql.end();
      await server.close();
      await database.drop();
    },
  };
}

export interface BudgetBody {
  scope: 'organization' | 'squad' | 'agent';
  squadId?: string;
  agentSlug?: string;
  period: 'day' | 'month';
  limitUsd?: number;
  limitTokens?: number;
  mode: 'block' | 'degrade' | 'alert';
  thresholds?: number[];
}

export interface BudgetJson {
  budgetId: string;
  limitUsd: number | null;
  limitTokens: number | null;
  spentUsd: number;
  spentTokens: number;
  reservedUsd: number;
  reservedTokens: number;
  projectedUsd: number;
  projectedTokens: number;
  mode: string;
}

export async function setBudget(app: BudgetApp, tenant: TestTenant, body: BudgetBody): Promise<BudgetJson> {
  const response = await call(`${app.url}/api/v1/budgets`, tenant.keys.admin, { method: 'PUT', body });
  if (response.status !== 200) throw new Error(`PUT /api/v1/budgets answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as BudgetJson;
}

export async function budgetsOf(app: BudgetApp, tenant: TestTenant): Promise<BudgetJson[]> {
  return (await json<{ budgets: BudgetJson[] }>(call(`${app.url}/api/v1/budgets`, tenant.keys.admin))).budgets;
}

/** The budget events of a tenant, in order. */
export async function budgetEvents(sql: pg.Pool, tenant: TestTenant): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const { rows } = await sql.query<{ type: string; data: Record<string, unknown> }>(
    `SELECT type, data FROM events WHERE stream_id LIKE $1 ORDER BY position`,
    [`budget-${tenant.organizationId}:%`],
  );
  return rows;
}

/** An agent definition in the tenant's registry, for agent budgets and preferences. */
export async function registerAgent(app: BudgetApp, tenant: TestTenant, slug: string, providerPreference: string[] = []): Promise<void> {
  await app.app
    .get(AgentDefinitionsService)
    .registerSpec(systemContext({ tenantId: tenant.organizationId, actor: { kind: 'system', id: 'test' } }, new Date()), {
      slug,
      version: '1.0.0',
      name: slug,
      role: 'tech_lead',
      persona: `You are ${slug}.`,
      goals: [],
      skills: [],
      model: { providerPreference, temperature: 0.1, maxTokens: 300 },
      triggers: [],
      priority: 'NORMAL',
      metadata: {},
    });
}
