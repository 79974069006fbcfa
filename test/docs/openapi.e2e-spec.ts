import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type TestApp, startTestApp } from '../support/test-app.js';

const run = promisify(execFile);

/**
 * An operation id is a verb then what it acts on, in camelCase (`listSquadRoutingRules`). Two ids
 * predate the rule and stay, since clients call them by name.
 */
const VERBS =
  'acquire|activate|add|answer|apply|approve|archive|ask|attach|bulkCreate|cancel|claim|create|deactivate|decide|delete|deprecate|edit|export|fork|get|hand|import|install|issue|list|mark|open|pause|post|propose|publish|push|register|regenerate|reject|release|remove|reopen|resolve|resume|retry|revive|revoke|say|search|set|start|steer|stop|suggest|switch|update|validate';
const OPERATION_ID = new RegExp(`^(?:(?:${VERBS})[A-Z][A-Za-z]*|agentMetrics|routingStats)$`);

describe('OpenAPI document', () => {
  let subject: TestApp;
  let document: Record<string, unknown>;
  let dir: string;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    document = (await (await fetch(`${subject.url}/api/docs-json`)).json()) as Record<string, unknown>;
    dir = await mkdtemp(join(tmpdir(), 'openapi-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await subject.close();
  });

  it('is served with its UI', async () => {
    expect((await fetch(`${subject.url}/api/docs`)).status).toBe(200);
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'Agent Squad' } });
  });

  it('passes `redocly lint` (recommended rules, offline) without errors', async () => {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NODE_OPTIONS: '' };
    const lint = run(
      process.execPath,
      ['node_modules/@redocly/cli/bin/cli.js', 'lint', '--config', 'docs/redocly.yaml', '--format', 'stylish', file],
      { env },
    );
    await expect(lint).resolves.toBeDefined();
  });

  it('documents every operation with a summary, an operation id and its error responses', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { summary?: string; operationId?: string; responses: Record<string, unknown> }>
    >;
    const operationIds: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect({ path, method, summary: typeof operation.summary }).toEqual({ path, method, summary: 'string' });
        expect({ path, method, operationId: operation.operationId }).toEqual({
          path,
          method,
          operationId: expect.stringMatching(OPERATION_ID),
        });
        operationIds.push(operation.operationId ?? '');
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '429']));
      }
    }
    // A client generator names one method per id: two operations must never share one.
    expect(operationIds.filter((id, index) => operationIds.indexOf(id) !== index)).toEqual([]);
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = JSON.parse(await readFile('docs/openapi.json', 'utf8'));
    expect(committed).toEqual(document);
  });
});
