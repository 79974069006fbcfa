// The registry's application services, registered (and exported) once in registry.module.ts. The
// registry's controllers call them directly; they are not bus handlers.
import { AgentDefinitionsQueries } from './agent-definitions.queries.js';
import { AgentDefinitionsService } from './agent-definitions.service.js';
import { AgentInstancesService } from './agent-instances.service.js';
import { AgentSquads } from './agent-squads.js';
import { AgentTemplatesService } from './agent-templates.service.js';
import { EventIntakeService } from './event-intake.service.js';
import { EventRoutingQueries } from './event-routing.queries.js';
import { ResourceLocksQueries } from './resource-locks.queries.js';
import { ResourceLocksService } from './resource-locks.service.js';
import { RuntimeQueries } from './runtime.queries.js';

export const registryServices = [
  AgentDefinitionsService,
  AgentDefinitionsQueries,
  AgentTemplatesService,
  AgentInstancesService,
  AgentSquads,
  RuntimeQueries,
  EventIntakeService,
  EventRoutingQueries,
  ResourceLocksService,
  ResourceLocksQueries,
];
