import { Clock } from '../platform/decider/clock.js';
import { systemContext } from '../platform/decider/command-context.js';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type DemoOrganization, DemoOrganizationHooks, TenancyService } from '../organizations/index.js';
import type { Actor } from '../platform/event-store/event.types.js';
import { AgentTemplatesService } from '../registry/index.js';
import { ApplyRoutingTemplateCommand } from '../routing/index.js';

/** The routing template the demo squad starts with. */
export const DEMO_ROUTING_TEMPLATE_ID = 'builtin:standard-software-team';
const SEED_ACTOR: Actor = { kind: 'system', id: 'seed' };

export interface SeededOrganization {
  organizationId: string;
  installed: number;
  alreadyPresent: number;
}

/**
 * What an organization gets from the shipped seeds: the registry's agent templates (registered and
 * published; safe to repeat) and, for the demo organization created on first start, the Standard
 * Software Team routing for its squad, so a question routes out of the box. It hooks into the demo
 * seeder through organizations' public DemoOrganizationHooks; no module imports another's internals.
 */
@Injectable()
export class OrganizationContentSeeder implements OnModuleInit {
  constructor(
    private readonly hooks: DemoOrganizationHooks,
    private readonly tenancy: TenancyService,
    private readonly agentTemplates: AgentTemplatesService,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.register('agent templates and routing', (demo) => this.seedDemo(demo));
  }

  async seedDemo(demo: DemoOrganization): Promise<void> {
    await this.installAgentTemplates(demo.organizationId);
    const context = systemContext({ tenantId: demo.organizationId, actor: SEED_ACTOR }, this.clock.now());
    await this.commands.execute(new ApplyRoutingTemplateCommand(context, demo.squadId, DEMO_ROUTING_TEMPLATE_ID, 'merge'));
  }

  async installAgentTemplates(organizationId: string): Promise<SeededOrganization> {
    const results = await this.agentTemplates.install(systemContext({ tenantId: organizationId, actor: SEED_ACTOR }, this.clock.now()));
    const installed = results.filter((result) => result.installed).length;
    return { organizationId, installed, alreadyPresent: results.length - installed };
  }

  /** `npm run seed`: the agent templates for every organization. */
  async seedAll(): Promise<SeededOrganization[]> {
    const seeded: SeededOrganization[] = [];
    for (const organizationId of await this.tenancy.organizationIds()) seeded.push(await this.installAgentTemplates(organizationId));
    return seeded;
  }
}
