import type { INestApplicationContext } from '@nestjs/common';
import { TenancyService } from '../../src/organizations/index.js';

export interface TestTenant {
  organizationId: string;
  squadId: string;
  agentMemberId: string;
  humanMemberId: string;
  keys: { admin: string; operator: string; agent: string };
}

/** An organization with one squad (an agent and a human member) and a key of each role. */
export async function createTenant(app: INestApplicationContext, name = 'Test Org'): Promise<TestTenant> {
  const tenancy = app.get(TenancyService);
  const organization = await tenancy.createOrganization(name, 'team');
  const { squadId, memberIds } = await tenancy.createSquad(organization.organizationId, 'Core', [
    { kind: 'agent', role: 'tech_lead', displayName: 'Lead', agentSlug: 'tech-lead' },
    { kind: 'human', role: 'backend_developer', displayName: 'Dev', agentSlug: null },
  ]);
  const operator = await tenancy.issueKey(organization.organizationId, { name: 'operator', role: 'operator', memberId: memberIds[1] });
  const agent = await tenancy.issueKey(organization.organizationId, { name: 'agent', role: 'agent', memberId: memberIds[0] });
  return {
    organizationId: organization.organizationId,
    squadId,
    agentMemberId: memberIds[0],
    humanMemberId: memberIds[1],
    keys: { admin: organization.adminKey, operator: operator.key, agent: agent.key },
  };
}

/** fetch with an API key and an optional JSON body (a string is sent as is, for malformed bodies). */
export function call(
  url: string,
  key: string | undefined,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  return fetch(url, { method: init.method ?? 'GET', headers, body });
}

/** The JSON body of a response, typed by the caller. */
export async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}
