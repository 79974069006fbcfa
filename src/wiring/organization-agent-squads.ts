import { Injectable, type OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListAgentSquadsQuery } from '../organizations/index.js';
import { AgentSquads } from '../registry/index.js';

/** The registry's executions learn their agent's squad from the organizations module's members query. */
@Injectable()
export class OrganizationAgentSquads implements OnModuleInit {
  constructor(
    private readonly squads: AgentSquads,
    private readonly queries: QueryBus,
  ) {}

  onModuleInit(): void {
    this.squads.use((tenantId, agentSlug) => this.queries.execute(new ListAgentSquadsQuery(tenantId, agentSlug)));
  }
}
