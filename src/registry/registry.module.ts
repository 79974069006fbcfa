import { Module } from '@nestjs/common';
import { AGENT_EXECUTOR } from './application/agent-executor.js';
import { AgentDefinitionsQueries } from './application/agent-definitions.queries.js';
import { AgentDefinitionsService } from './application/agent-definitions.service.js';
import { AgentInstancesService } from './application/agent-instances.service.js';
import { AgentTemplatesService } from './application/agent-templates.service.js';
import { EventIntakeService } from './application/event-intake.service.js';
import { EventRoutingQueries } from './application/event-routing.queries.js';
import { ExecutionQueueWorker } from './application/execution-queue.worker.js';
import { LlmAgentExecutor } from './application/llm-agent-executor.js';
import { DEFAULT_REGISTRY_OPTIONS, REGISTRY_OPTIONS } from './application/registry-options.js';
import { RegistryWiring } from './application/registry-wiring.js';
import { ResourceLocksQueries } from './application/resource-locks.queries.js';
import { ResourceLocksService } from './application/resource-locks.service.js';
import { RuntimeQueries } from './application/runtime.queries.js';
import { registryControllers } from './api/registry.controllers.js';

const services = [
  AgentDefinitionsService,
  AgentDefinitionsQueries,
  AgentTemplatesService,
  AgentInstancesService,
  RuntimeQueries,
  EventIntakeService,
  EventRoutingQueries,
  ResourceLocksService,
  ResourceLocksQueries,
];

/**
 * Agent definitions, runtime instances, event intake with its durable execution queue, and
 * resource locks. Needs the platform's DatabaseModule, EventStoreModule and ConfigModule (global).
 * AGENT_EXECUTOR defaults to the offline deterministic executor; override the provider to run
 * agents through the LLM gateway.
 */
@Module({
  controllers: registryControllers,
  providers: [
    ...services,
    RegistryWiring,
    ExecutionQueueWorker,
    { provide: REGISTRY_OPTIONS, useValue: DEFAULT_REGISTRY_OPTIONS },
    { provide: AGENT_EXECUTOR, useClass: LlmAgentExecutor },
  ],
  exports: [...services, AGENT_EXECUTOR],
})
export class RegistryModule {}
