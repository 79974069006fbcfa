import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetSquadMemberQuery, GetSquadRosterQuery, type MemberView } from '../../organizations/index.js';
import { DomainError } from '../../platform/decider/decider.js';
import type { Participant } from '../domain/conversation.types.js';

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

/** A squad's members as read once from organizations, by id. */
export type SquadRoster = ReadonlyMap<string, Participant>;

/** Squad members as conversations need them, read from the organizations module through its queries. */
@Injectable()
export class SquadMembersReader {
  constructor(private readonly queries: QueryBus) {}

  /** Every member of the squad by id, in one query; NotFoundError (404) when the squad is not the tenant's. */
  async rosterOf(tenantId: string, squadId: string): Promise<SquadRoster> {
    const members = await this.queries.execute(new GetSquadRosterQuery(tenantId, squadId));
    return new Map(members.map((member) => [member.id, participantOf(member)]));
  }

  /**
   * A member of `squadId` (from `roster` when the caller has read it): NotFoundError for an id
   * unknown in the tenant, NotASquadMemberError (422) for another squad's.
   */
  async memberOf(tenantId: string, squadId: string, memberId: string, roster?: SquadRoster): Promise<Participant> {
    const known = roster?.get(memberId);
    if (known) return known;
    const member = await this.queries.execute(new GetSquadMemberQuery(tenantId, memberId));
    if (member.squadId !== squadId) throw new NotASquadMemberError(memberId);
    return participantOf(member);
  }
}
