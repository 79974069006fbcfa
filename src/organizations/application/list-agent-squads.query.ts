import { Query } from '@nestjs/cqrs';

/**
 * The squads in which an agent member runs the registry agent `agentSlug`, oldest membership
 * first (empty when none does). Lets a flow that runs an agent outside any squad's conversation (a
 * registry execution) find the squad it works for.
 */
export class ListAgentSquadsQuery extends Query<string[]> {
  constructor(
    readonly tenantId: string,
    readonly agentSlug: string,
  ) {
    super();
  }
}
