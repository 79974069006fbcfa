import type { INestApplicationContext } from '@nestjs/common';
import { TenancyService } from '../../../src/organizations/index.js';
import { call, json } from '../../support/tenant.js';

export interface Member {
  id: string;
  /** An operator key acting as this member (an agent key for agent members). */
  key: string;
}

export interface ConversationSquad {
  organizationId: string;
  squadId: string;
  adminKey: string;
  asker: Member;
  /** Responders by level: tech_lead (0), solution_architect (1), project_manager (2). */
  levels: Member[];
  /** A member outside the chain (security_engineer), for referrals. */
  expert: Member;
  ruleIds: string[];
}

export interface SquadOptions {
  /** Seconds of interaction settings (scaled by INTERACTION_SECOND_MS). */
  firstTimeoutSeconds?: number;
  followUpTimeoutSeconds?: number;
  /** Level 0 is an agent running this registry slug. */
  agentAtLevel0?: string;
  levels?: number;
}

const ROLES = ['tech_lead', 'solution_architect', 'project_manager'];

/**
 * An organization with a squad whose backend developer's questions go tech lead → solution
 * architect → project manager, configured through the routing API like an admin would.
 */
export async function conversationSquad(app: INestApplicationContext, url: string, options: SquadOptions = {}): Promise<ConversationSquad> {
  const tenancy = app.get(TenancyService);
  const levels = options.levels ?? 3;
  const organization = await tenancy.createOrganization(`Org ${Math.random().toString(36).slice(2, 8)}`, 'team');
  const orgId = organization.organizationId;
  const members = [
    { kind: 'human' as const, role: 'backend_developer', displayName: 'Bea', agentSlug: null },
    ...ROLES.slice(0, levels).map((role, level) =>
      level === 0 && options.agentAtLevel0
        ? { kind: 'agent' as const, role, displayName: 'Lee (agent)', agentSlug: options.agentAtLevel0 }
        : { kind: 'human' as const, role, displayName: ['Lee', 'Ari', 'Pam'][level], agentSlug: null },
    ),
    { kind: 'human' as const, role: 'security_engineer', displayName: 'Sec', agentSlug: null },
  ];
  const { squadId, memberIds } = await tenancy.createSquad(orgId, 'Payments', members);
  const keyFor = async (index: number) =>
    (
      await tenancy.issueKey(orgId, {
        name: members[index].displayName,
        role: members[index].kind === 'agent' ? 'agent' : 'operator',
        memberId: memberIds[index],
      })
    ).key;
  const all: Member[] = [];
  for (let index = 0; index < members.length; index++) all.push({ id: memberIds[index], key: await keyFor(index) });

  const admin = organization.adminKey;
  const rules = ROLES.slice(0, levels).map((role, level) => ({ askerRole: 'backend_developer', level, responderRole: role }));
  const created = await call(`${url}/api/v1/squads/${squadId}/routing/rules/bulk`, admin, { method: 'POST', body: { rules } });
  if (created.status !== 201) throw new Error(`routing rules: ${created.status} ${await created.text()}`);
  const settings = await call(`${url}/api/v1/squads/${squadId}/routing/settings`, admin, {
    method: 'PATCH',
    body: { firstTimeoutSeconds: options.firstTimeoutSeconds ?? 15, followUpTimeoutSeconds: options.followUpTimeoutSeconds ?? 10 },
  });
  if (settings.status !== 200) throw new Error(`interaction settings: ${settings.status} ${await settings.text()}`);
  const chain = await json<{ levels: { rule: { id: string } }[] }>(
    call(`${url}/api/v1/squads/${squadId}/routing/chain?askerRole=backend_developer`, admin),
  );
  return {
    organizationId: orgId,
    squadId,
    adminKey: admin,
    asker: all[0],
    levels: all.slice(1, 1 + levels),
    expert: all[1 + levels],
    ruleIds: chain.levels.map((level) => level.rule.id),
  };
}

export interface ConversationBody {
  id: string;
  state: string;
  level: number | null;
  round: number;
  currentResponders: { memberId: string }[];
  messages: { messageId: string; parentId: string | null; kind: string; authorMemberId: string | null; text: string }[];
  chain: { level: number; ruleId: string; why: { summary: string } }[];
}

export interface TimelineBody {
  items: { type: string; at: string; actor: { kind: string; id: string } | null; data: Record<string, unknown> }[];
}

export const ask = (url: string, squad: ConversationSquad, text = 'Who owns invoice numbering?', questionType?: string) =>
  json<ConversationBody>(
    call(`${url}/api/v1/squads/${squad.squadId}/conversations`, squad.asker.key, {
      method: 'POST',
      body: { text, ...(questionType ? { questionType } : {}) },
    }),
  );

export const getConversation = (url: string, key: string, id: string) =>
  json<ConversationBody>(call(`${url}/api/v1/conversations/${id}`, key));
export const timelineOf = (url: string, key: string, id: string) =>
  json<TimelineBody>(call(`${url}/api/v1/conversations/${id}/timeline`, key));

export { sleep, until } from '../../support/until.js';
