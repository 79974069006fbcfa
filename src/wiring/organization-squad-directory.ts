import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetSquadRosterQuery } from '../organizations/index.js';
import { NotFoundError } from '../platform/decider/decider.js';
import type { SquadDirectory, SquadMember } from '../routing/index.js';

/** Routing's view of a squad's members, read from the organizations module through its one members query. */
@Injectable()
export class OrganizationSquadDirectory implements SquadDirectory {
  constructor(private readonly queries: QueryBus) {}

  async membersOf(tenantId: string, squadId: string): Promise<SquadMember[] | null> {
    try {
      const members = await this.queries.execute(new GetSquadRosterQuery(tenantId, squadId));
      return members.map((member) => ({ id: member.id, role: member.role, name: member.displayName }));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
