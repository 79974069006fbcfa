import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetSquadMemberQuery, ListSquadMembersQuery, type MemberView } from '../../organizations/index.js';
import { DomainError } from '../../platform/decider/decider.js';
import type { Participant } from '../domain/conversation.types.js';

const PAGE = 100;

export class NotASquadMemberError extends DomainError {
  constructor(memberId: string) {
    super('not_a_squad_member', `member ${memberId} is not in the conversation's squad`);
  }
}

export const participantOf = (member: MemberView): Participant => ({
  memberId: member.id,
  kind: member.kind,
  role: member.role,
  displayName: member.displayName,
  agentSlug: member.agentSlug,
});

/** Squad members as conversations need them, read from the organizations module through its queries. */
@Injectable()
export class SquadMembersReader {
  constructor(private readonly queries: QueryBus) {}

  /** Every member of the squad by id; NotFoundError (404) when the squad is not the tenant's. */
  async membersOf(tenantId: string, squadId: string): Promise<Map<string, Participant>> {
    const members = new Map<string, Participant>();
    for (let after = 0; ;) {
      const page = await this.queries.execute(new ListSquadMembersQuery(tenantId, squadId, { after, limit: PAGE }));
      for (const { view } of page.slice(0, PAGE)) members.set(view.id, participantOf(view));
      if (page.length <= PAGE) return members;
      after = page[PAGE - 1].key;
    }
  }

  /** A member of `squadId`: NotFoundError for an id unknown in the tenant, NotASquadMemberError (422) for another squad's. */
  async memberOf(tenantId: string, squadId: string, memberId: string): Promise<Participant> {
    const member = await this.queries.execute(new GetSquadMemberQuery(tenantId, memberId));
    if (member.squadId !== squadId) throw new NotASquadMemberError(memberId);
    return participantOf(member);
  }
}
