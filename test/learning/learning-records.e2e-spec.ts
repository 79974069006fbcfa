import { Database } from '../../src/platform/database/database.js';
import { LEARNING_TABLES } from '../../src/learning/projections/learning-records.projection.js';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-runner.js';
import { createTenant, json, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { type Body, PROBLEMS, learningClient } from './support.js';

/** Learning records over real HTTP and Postgres, with the offline embedding. */
describe('learning records', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof learningClient>;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    api = learningClient(subject.url, tenant.keys.operator);
  });
  afterAll(() => subject?.close());

  describe('failures', () => {
    let websocket: Body;
    beforeAll(async () => {
      websocket = await api.create('/failures', {
        feature: 'WebSocket notifications',
        approach: 'Native WebSockets',
        whyFailed: 'Scaling issues',
        lesson: 'Use Redis pub/sub',
      });
      await api.create('/failures', {
        feature: 'CSV invoice export',
        approach: 'Stream rows',
        whyFailed: 'Encoding',
        lesson: 'Write a BOM',
        pipelineId: 'p-1',
      });
      await api.create('/failures', {
        feature: 'OAuth sign-in',
        approach: 'Implicit flow',
        whyFailed: 'Deprecated',
        lesson: 'Use PKCE',
        pipelineId: 'p-1',
      });
    });

    it('records a failure and reads it back', async () => {
      expect(websocket).toMatchObject({
        feature: 'WebSocket notifications',
        lesson: 'Use Redis pub/sub',
        pipelineId: null,
        recordedBy: { kind: 'member' },
      });
      expect(await (await api.get(`/failures/${websocket.id}`)).json()).toEqual(websocket);
    });

    it('lists in the order recorded, page by page, and filters by pipeline', async () => {
      const pages = await api.all('/failures');
      expect(pages.map((page) => page.map((f) => f.feature))).toEqual([
        ['WebSocket notifications', 'CSV invoice export'],
        ['OAuth sign-in'],
      ]);
      expect((await api.list('/failures?pipelineId=p-1')).items.map((f) => f.feature)).toEqual(['CSV invoice export', 'OAuth sign-in']);
      expect((await api.get('/failures?cursor=nonsense')).status).toBe(400);
    });

    it('finds a failure for a near text and none for an unrelated one', async () => {
      const near = await json<{ threshold: number; items: (Body & { similarity: number })[] }>(
        api.get('/failures/similar?q=real-time%20notifications%20over%20websockets'),
      );
      expect(near).toMatchObject({ threshold: 0.35, items: [{ id: websocket.id, feature: 'WebSocket notifications' }] });
      expect(near.items[0].similarity).toBeGreaterThanOrEqual(0.35);
      const unrelated = await json<{ items: Body[] }>(api.get('/failures/similar?q=payroll%20tax%20calculation'));
      expect(unrelated.items).toEqual([]);
    });

    it('refuses a 10 KB query and a blank one with 400 problem+json', async () => {
      for (const q of ['x'.repeat(10_240), '%20%20']) {
        const response = await api.get(`/failures/similar?q=${q}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}validation` });
      }
    });
  });

  describe('estimates', () => {
    it('gives the correction factor from the completed estimates: 3→5 and 2→2 give 4/3', async () => {
      expect(await (await api.get('/estimates/correction-factor')).json()).toEqual({ factor: null, samples: 0, days: 90 });
      const open = await api.create('/estimates', { feature: 'OAuth', estimatedSessions: 3, complexity: 7.5 });
      expect(open).toMatchObject({ actualSessions: null, completedAt: null });
      await api.create('/estimates', { feature: 'Search', estimatedSessions: 2, actualSessions: 2, complexity: 3 });
      await api.create('/estimates', { feature: 'Billing', estimatedSessions: 4, complexity: 5 });
      const completed = await (await api.post(`/estimates/${open.id}/complete`, { actualSessions: 5 })).json();
      expect(completed).toMatchObject({ id: open.id, actualSessions: 5, completedAt: expect.any(String) });
      const correction = await (await api.get('/estimates/correction-factor?days=90')).json();
      expect(correction).toEqual({ factor: expect.closeTo(4 / 3, 10), samples: 2, days: 90 });
      expect((await api.list('/estimates?completed=false')).items.map((e) => e.feature)).toEqual(['Billing']);
      expect((await api.list('/estimates?completed=true')).items.map((e) => e.feature)).toEqual(['OAuth', 'Search']);
    });

    it('refuses 0 or negative sessions with 400, and another actual for a completed estimate with 409', async () => {
      for (const estimatedSessions of [0, -2]) {
        const response = await api.post('/estimates', { feature: 'X', estimatedSessions, complexity: 2 });
        expect(response.status).toBe(400);
      }
      expect((await api.post('/estimates', { feature: 'X', estimatedSessions: 1, complexity: 11 })).status).toBe(400);
      const done = await api.create('/estimates', { feature: 'Done', estimatedSessions: 1, actualSessions: 1, complexity: 1 });
      expect((await api.post(`/estimates/${done.id}/complete`, { actualSessions: 1 })).status).toBe(200);
      const again = await api.post(`/estimates/${done.id}/complete`, { actualSessions: 3 });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ type: `${PROBLEMS}estimate-already-completed` });
      expect((await api.post(`/estimates/${done.id}/complete`, { actualSessions: 0 })).status).toBe(400);
    });
  });

  it('records and lists retrospectives, spikes, pattern usage and decisions with their filters', async () => {
    await api.create('/retrospectives', {
      feature: 'OAuth',
      surprises: 'Refresh tokens',
      wouldChange: 'Start simple',
      newPatterns: ['token interceptor'],
      spikeAccuracy: 60,
      pipelineId: 'p-2',
    });
    await api.create('/retrospectives', { feature: 'Search', surprises: '', wouldChange: '', newPatterns: [] });
    expect((await api.list('/retrospectives?pipelineId=p-2')).items).toEqual([
      expect.objectContaining({ feature: 'OAuth', newPatterns: ['token interceptor'], spikeAccuracy: 60 }),
    ]);

    await api.create('/spikes', {
      feature: 'Streaming',
      question: 'SSE?',
      approach: 'SSE',
      result: 'Works',
      viable: true,
      lessons: '',
      timeSpentMinutes: 30,
    });
    await api.create('/spikes', {
      feature: 'Streaming',
      question: 'gRPC?',
      approach: 'gRPC-web',
      result: 'Proxy needed',
      viable: false,
      lessons: 'No',
      timeSpentMinutes: 90,
    });
    expect((await api.list('/spikes?viable=false')).items.map((s) => s.question)).toEqual(['gRPC?']);
    expect((await api.all('/spikes', 1)).length).toBe(2);

    await api.create('/pattern-usages', { pattern: 'repository', outcome: 'followed', complianceScore: 90, file: 'src/a.ts' });
    await api.create('/pattern-usages', { pattern: 'repository', outcome: 'deviated' });
    await api.create('/pattern-usages', { pattern: 'saga', outcome: 'failed', pipelineId: 'p-2' });
    expect((await api.list('/pattern-usages?pattern=repository&outcome=deviated')).items).toHaveLength(1);
    expect((await api.post('/pattern-usages', { pattern: 'x', outcome: 'ignored' })).status).toBe(400);

    await api.create('/decisions', { phase: 'research', decision: 'Use Socket.IO', reasoning: 'Rooms', pipelineId: 'p-2' });
    await api.create('/decisions', { phase: 'plan', decision: 'Three steps', reasoning: '' });
    expect((await api.list('/decisions?phase=plan')).items.map((d) => d.decision)).toEqual(['Three steps']);
  });

  it('warns when a file’s complexity grows more than 1.5× over its last five snapshots', async () => {
    const snapshot = (file: string, complexityScore: number) =>
      api.create<Body & { warning: Record<string, unknown> | null }>('/complexity-snapshots', {
        file,
        metrics: { lines: 100, functions: 4, dependencies: 2, complexityScore },
      });
    for (const score of [10, 11, 12, 14]) expect((await snapshot('src/grows.ts', score)).warning).toBeNull();
    await snapshot('src/steady.ts', 10);
    await snapshot('src/steady.ts', 12);
    const warned = await snapshot('src/grows.ts', 16);
    expect(warned.warning).toMatchObject({
      file: 'src/grows.ts',
      active: true,
      snapshotId: warned.id,
      fromScore: 10,
      toScore: 16,
      growth: 1.6,
      window: 5,
    });
    expect((await api.list('/complexity-snapshots/warnings')).items).toEqual([
      expect.objectContaining({ file: 'src/grows.ts', snapshotId: warned.id }),
    ]);
    expect((await api.list('/complexity-snapshots?file=src/steady.ts')).items).toHaveLength(2);

    const db = subject.app.get(Database);
    const started = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE type = 'ComplexityWarningStarted' AND data->>'file' = 'src/grows.ts'`,
    );
    expect(Number(started[0].n)).toBe(1);
    // 17 over a window starting at 11 still holds (1.55×): no second start; 15 over 12 (1.25×) clears it.
    await snapshot('src/grows.ts', 17);
    const cleared = await snapshot('src/grows.ts', 15);
    expect(cleared.warning).toBeNull();
    expect((await api.list('/complexity-snapshots/warnings')).items).toEqual([]);
  });

  it('caches documentation: a newer fetch replaces the entry, expired entries are listed oldest fetch first', async () => {
    const first = await api.create('/docs-cache', {
      library: 'fastapi',
      version: '0.115.0',
      content: '# v1',
      sourceUrl: 'https://fastapi.tiangolo.com/',
    });
    expect(Date.parse(String(first.expiresAt)) - Date.parse(String(first.fetchedAt))).toBe(7 * 86_400_000);
    const replaced = await api.create('/docs-cache', { library: 'FastAPI', version: '0.115.0', content: '# v2' });
    expect(replaced).toMatchObject({ id: first.id, content: '# v2', sourceUrl: null });
    expect((await api.list('/docs-cache?library=fastapi')).items).toHaveLength(1);

    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    await api.create('/docs-cache', { library: 'react', version: '19.0.0', content: '# React', expiresAt: soon(300) });
    await api.create('/docs-cache', { library: 'vue', version: '3.5.0', content: '# Vue', expiresAt: soon(400) });
    // Expiry passes with the clock: wait for both entries to be stale, then check the order (and that the fresh one is not).
    const stale = await until(
      () => api.list('/docs-cache/stale'),
      (page) => page.items.length >= 2,
      'the two entries to expire',
    );
    expect(stale.items.map((d) => d.library)).toEqual(['react', 'vue']);
    expect((await api.post('/docs-cache', { library: 'x', version: '1', content: 'y', expiresAt: '2000-01-01T00:00:00Z' })).status).toBe(
      422,
    );
  });

  it('renders the living documents as Markdown, and answers 404 for another name', async () => {
    const doc = async (name: string) => {
      const response = await api.get(`/living-docs/${name}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/markdown');
      return response.text();
    };
    const failures = await doc('failures.md');
    expect(failures).toContain('# Failures');
    expect(failures).toContain('## WebSocket notifications');
    expect(failures).toContain('- **Lesson:** Use Redis pub/sub');
    const estimates = await doc('estimates.md');
    expect(estimates).toMatch(/\*\*Correction factor: 1\.\d\d\*\*/);
    expect(estimates).toContain('| OAuth | 3 | 5 | 1.67 | 7.5 |');
    const decisions = await doc('decisions.md');
    expect(decisions).toContain('## Use Socket.IO');
    expect(decisions).toContain('research (pipeline p-2)');
    const patterns = await doc('patterns.md');
    expect(patterns).toContain('- **token interceptor**: found building OAuth');
    expect(patterns).toContain('| repository | followed | 1 | 90% |');
    expect(patterns).toContain('| saga | failed | 1 | — |');

    const unknown = await api.get('/living-docs/secrets.md');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(await unknown.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
  });

  it('rebuilds the same tables from the events, twice (embeddings included, no model called)', async () => {
    const db = subject.app.get(Database);
    const snapshot = async () => {
      const all: Record<string, unknown[]> = {};
      for (const table of LEARNING_TABLES) all[table] = await db.query(`SELECT * FROM learning_${table} ORDER BY 1, 2`);
      return all;
    };
    const live = await snapshot();
    expect(live.failures.length).toBeGreaterThan(0);
    const rebuilder = subject.app.get(ProjectionRebuilder);
    await rebuilder.rebuild('learning_records');
    expect(await snapshot()).toEqual(live);
    await rebuilder.rebuild('learning_records');
    expect(await snapshot()).toEqual(live);
  });
});
