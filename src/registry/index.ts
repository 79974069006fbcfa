/** The registry's public surface: other modules use these, never its tables or internals. */
export { RegistryModule } from './registry.module.js';
export {
  AGENT_EXECUTOR,
  type AgentEvent,
  type AgentExecutionContext,
  type AgentExecutionResult,
  type AgentExecutor,
} from './application/agent-executor.js';
export { REGISTRY_OPTIONS, DEFAULT_REGISTRY_OPTIONS, type RegistryOptions } from './application/registry-options.js';
export { AgentDefinitionsService } from './application/agent-definitions.service.js';
export { AgentDefinitionsQueries } from './application/agent-definitions.queries.js';
export { AgentTemplatesService } from './application/agent-templates.service.js';
export { AgentInstancesService } from './application/agent-instances.service.js';
export { AgentSquads, type AgentSquadLookup } from './application/agent-squads.js';
export { RuntimeQueries } from './application/runtime.queries.js';
export { EventIntakeService } from './application/event-intake.service.js';
export { EventRoutingQueries } from './application/event-routing.queries.js';
export { ResourceLocksService } from './application/resource-locks.service.js';
export { ResourceLocksQueries } from './application/resource-locks.queries.js';
export type { AgentSpec, AgentTrigger, ModelSettings } from './domain/agent-spec.js';
export type { Priority } from './domain/priority.js';
export { PRIORITIES } from './domain/priority.js';
export { matchesTrigger, matchesAnyTrigger } from './domain/trigger-matching.js';
// Event types (stored, schema version 1), for catalogs and audits.
export { AGENT_DEFINITION_EVENT_TYPES } from './domain/agent-definition.events.js';
export { AGENT_INSTANCE_EVENT_TYPES } from './domain/agent-instance.events.js';
export { AGENT_EXECUTION_EVENT_TYPES } from './domain/agent-execution.events.js';
export { EVENT_INTAKE_EVENT_TYPES } from './domain/event-intake.events.js';
export { RESOURCE_LOCK_EVENT_TYPES } from './domain/resource-lock.events.js';
