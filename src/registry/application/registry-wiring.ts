import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { ProjectionRegistry } from '../../platform/projections/projection-registry.js';
import { AgentInstancesProjection } from '../projections/agent-instances.projection.js';
import { AgentVersionsProjection } from '../projections/agent-versions.projection.js';
import { ExecutionQueueProjection } from '../projections/execution-queue.projection.js';
import { LOCK_EXPIRY_DEADLINE, type LockExpiryPayload, ResourceLocksProjection } from '../projections/resource-locks.projection.js';
import { SYSTEM_ACTOR } from './command-context.js';
import { ResourceLocksService } from './resource-locks.service.js';

/** Registers the registry's read models and its deadline handler with the platform. */
@Injectable()
export class RegistryWiring implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly deadlines: DeadlineRegistry,
    private readonly locks: ResourceLocksService,
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
    await this.locks.expire({ tenantId: deadline.tenantId, actor: SYSTEM_ACTOR, causationId: deadline.key }, resource, lease);
  }
}
