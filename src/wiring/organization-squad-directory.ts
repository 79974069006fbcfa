import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListSquadMembersQuery } from '../organizations/index.js';
import { NotFoundError } from '../platform/decider/decider.js';
import type { SquadDirectory, SquadMember } from '../routing/index.js';

const PAGE = 500;

/** Routing's view of a squad's members, read from the organizations module through its query bus. */
@Injectable()
export class OrganizationSquadDirectory implements SquadDirectory {
  constructor(private readonly queries: QueryBus) {}

  async membersOf(tenantId: string, squadId: string): Promise<SquadMember[] | null> {
    const members: SquadMember[] = [];
    for (let after = 0; ;) {
      let page: { key: number; view: { id: string; role: string; displayName: string } }[];
      try {
        page = await this.queries.execute(new ListSquadMembersQuery(tenantId, squadId, { after, limit: PAGE }));
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
      members.push(...page.slice(0, PAGE).map(({ view }) => ({ id: view.id, role: view.role, name: view.displayName })));
      if (page.length <= PAGE) return members;
      after = page[PAGE - 1].key;
    }
  }
}
