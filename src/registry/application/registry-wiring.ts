import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { ProjectionRegistry } from '../../platform/projections/projection-registry.js';
import { AgentInstancesProjection } from '../projections/agent-instances.projection.js';
import { AgentVersionsProjection } from '../projections/agent-versions.projection.js';
import { ExecutionQueueProjection } from '../projections/execution-queue.projection.js';
import { LOCK_EXPIRY_DEADLINE, type LockExpiryPayload, ResourceLocksProjection } from '../projections/resource-locks.projection.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { Clock } from '../../platform/decider/clock.js';
import { REGISTRY_ACTOR } from './registry-actor.js';
import { ResourceLocksService } from './resource-locks.service.js';

/** Registers the registry's read models and its deadline handler with the platform. */
@Injectable()
export class RegistryWiring implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly deadlines: DeadlineRegistry,
    private readonly locks: ResourceLocksService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.projections.register(new AgentVersionsProjection());
    this.projections.register(new AgentInstancesProjection());
    this.projections.register(new ExecutionQueueProjection());
    this.projections.register(new ResourceLocksProjection());
    this.deadlines.register<LockExpiryPayload>(LOCK_EXPIRY_DEADLINE, (deadline) => this.expireLock(deadline));
  }

  private async expireLock(deadline: DueDeadline<LockExpiryPayload>): Promise<void> {
    const { resource, lease } = deadline.payload;
    if (!deadline.tenantId) throw new Error(`lock expiry ${deadline.key} has no tenant`);
    const context = systemContext({ tenantId: deadline.tenantId, actor: REGISTRY_ACTOR, causationId: deadline.key }, this.clock.now());
    await this.locks.expire(context, resource, lease);
  }
}
