import pg from 'pg';
import type { PrincipalRole } from '../../src/platform/http/auth/principal.js';
import type { TestApp } from './test-app.js';
import { type TestTenant, call } from './tenant.js';

/** One HTTP endpoint and how to call it, for the access and validation table of a module. */
export interface Endpoint {
  name: string;
  method: string;
  path: (t: TestTenant) => string;
  /** A role that must get 403, when some role may not call it. */
  forbidden?: PrincipalRole;
  /** A valid JSON body, for endpoints that take one. */
  body?: (t: TestTenant) => Record<string, unknown>;
  /** A call with ids of the other organization (in the path or the body), answered 404 with nothing appended. */
  foreign?: (own: TestTenant, other: TestTenant) => { path: string; body?: Record<string, unknown> };
  /** Runs before each call that should succeed (e.g. take the lock a release gives back). */
  prepare?: (t: TestTenant, key: string) => Promise<void>;
}

export interface AccessSubject {
  app: () => TestApp;
  own: () => TestTenant;
  other: () => TestTenant;
  /** The number of stored events, to show a refused request appended nothing. */
  eventCount: () => Promise<number>;
}

const PROBLEMS = 'https://agent-squad.dev/problems/';

/** Counts rows of the events table of a test app's database. */
export async function eventCounter(app: TestApp): Promise<{ count: () => Promise<number>; close: () => Promise<void> }> {
  const db = new pg.Client({ connectionString: app.database.url });
  await db.connect();
  return {
    count: async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n),
    close: () => db.end(),
  };
}

/**
 * For each endpoint: no key (or an unknown one) 401; the excluded role 403 (else every role gets
 * a 2xx); another organization's id 404 appending nothing; a malformed body, an unknown field and
 * wrong types 400 problem+json appending nothing.
 */
export function describeEndpointAccess(endpoints: readonly Endpoint[], subject: AccessSubject): void {
  describe.each(endpoints)('$method $name', (endpoint) => {
    const url = () => subject.app().url + endpoint.path(subject.own());
    const body = () => endpoint.body?.(subject.own());

    it('answers 401 problem+json without a key, and with an unknown one', async () => {
      for (const key of [undefined, 'ask_unknown']) {
        const response = await call(url(), key, { method: endpoint.method, body: body() });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}unauthorized` });
      }
    });

    if (endpoint.forbidden) {
      const role = endpoint.forbidden;
      it(`answers 403 to an ${role} key and appends nothing`, async () => {
        const before = await subject.eventCount();
        const response = await call(url(), subject.own().keys[role], { method: endpoint.method, body: body() });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}forbidden` });
        expect(await subject.eventCount()).toBe(before);
      });
    } else {
      it('lets every role call it', async () => {
        for (const key of Object.values(subject.own().keys)) {
          await endpoint.prepare?.(subject.own(), key);
          const response = await call(url(), key, { method: endpoint.method, body: body() });
          expect(`${response.status} ${response.status < 300 ? '' : await response.text()}`).toMatch(/^2\d\d $/);
        }
      });
    }

    if (endpoint.foreign) {
      it('answers 404 for an id of another organization, and appends nothing', async () => {
        const before = await subject.eventCount();
        const foreign = endpoint.foreign!(subject.own(), subject.other());
        const response = await call(subject.app().url + foreign.path, subject.own().keys.admin, {
          method: endpoint.method,
          body: foreign.body ?? body(),
        });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
        expect(await subject.eventCount()).toBe(before);
      });
    }

    if (endpoint.body) {
      it('answers 400 to a malformed body, an unknown field and wrong types, appending nothing', async () => {
        const before = await subject.eventCount();
        const malformed = await call(url(), subject.own().keys.admin, { method: endpoint.method, body: '{"name": ' });
        expect(malformed.status).toBe(400);
        expect(malformed.headers.get('content-type')).toContain('application/problem+json');
        expect(await malformed.json()).toMatchObject({ type: `${PROBLEMS}malformed-json` });

        const unknown = await call(url(), subject.own().keys.admin, { method: endpoint.method, body: { ...body(), sneaky: true } });
        expect(unknown.status).toBe(400);
        expect(await unknown.json()).toMatchObject({ type: `${PROBLEMS}validation`, errors: [{ field: 'sneaky' }] });

        const valid = body()!;
        const wrongTypes = [
          Object.fromEntries(Object.entries(valid).map(([field, value]) => [field, wrongTypeFor(value)])),
          ...Object.entries(valid).map(([field, value]) => ({ ...valid, [field]: wrongTypeFor(value) })),
        ];
        for (const wrong of wrongTypes) {
          const response = await call(url(), subject.own().keys.admin, { method: endpoint.method, body: wrong });
          expect({ sent: wrong, status: response.status }).toEqual({ sent: wrong, status: 400 });
          expect(await response.json()).toMatchObject({ type: `${PROBLEMS}validation` });
        }
        expect(await subject.eventCount()).toBe(before);
      });
    }
  });
}

/** A value of another JSON type than `value`. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return '12345';
  if (typeof value === 'boolean') return 'yes';
  return 'not-an-object-or-list';
}
