import type { SquadDirectory, SquadMember } from '../../../src/routing/index.js';

/** Squads for routing tests, standing in for the organizations module: tenant → squad → members. */
export class InMemorySquadDirectory implements SquadDirectory {
  private readonly squads = new Map<string, SquadMember[]>();

  add(tenantId: string, squadId: string, members: SquadMember[]): void {
    this.squads.set(`${tenantId}/${squadId}`, members);
  }

  async membersOf(tenantId: string, squadId: string): Promise<SquadMember[] | null> {
    return this.squads.get(`${tenantId}/${squadId}`) ?? null;
  }
}
