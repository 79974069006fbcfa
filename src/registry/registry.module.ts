import { Module } from '@nestjs/common';
import { AGENT_EXECUTOR } from './application/agent-executor.js';
import { ExecutionQueueWorker } from './application/execution-queue.worker.js';
import { LlmAgentExecutor } from './application/llm-agent-executor.js';
import { DEFAULT_REGISTRY_OPTIONS, REGISTRY_OPTIONS } from './application/registry-options.js';
import { RegistryWiring } from './application/registry-wiring.js';
import { registryServices } from './application/index.js';
import { registryControllers } from './api/registry.controllers.js';

const services = registryServices;

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
