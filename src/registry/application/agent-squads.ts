import { Injectable } from '@nestjs/common';

/** The squads in which an agent runs (squads and their members are the organizations module's). */
export type AgentSquadLookup = (tenantId: string, agentSlug: string) => Promise<readonly string[]>;

/**
 * Which squad an execution works for, so the squad's budget is charged for its model calls and its
 * usage is counted as the squad's. The application plugs in the lookup (src/wiring); without one
 * (the registry alone, as its tests boot it) agents work for no squad.
 */
@Injectable()
export class AgentSquads {
  private lookup: AgentSquadLookup = () => Promise.resolve([]);

  use(lookup: AgentSquadLookup): void {
    this.lookup = lookup;
  }

  /**
   * The one squad the agent is a member of. An agent in several squads works for none of them in
   * particular (its organization's and its own budgets still apply): charging all would count one
   * call in several squads' spend, charging one would be arbitrary.
   */
  async squadOf(tenantId: string, agentSlug: string): Promise<string | undefined> {
    const squads = await this.lookup(tenantId, agentSlug);
    return squads.length === 1 ? squads[0] : undefined;
  }
}
