import type { TestingModule } from '@nestjs/testing';
import { AgentDefinitionsService } from '../../src/registry/application/agent-definitions.service.js';
import { AgentInstancesService } from '../../src/registry/application/agent-instances.service.js';
import type { CommandContext } from '../../src/platform/decider/command-context.js';
import type { AgentSpec } from '../../src/registry/domain/agent-spec.js';
import { agentSpec } from './agent-spec.fixture.js';

/** A caller of the tenant; each command it issues is stamped with the wall clock at that moment (as each request is). */
export function tenantContext(tenantId: string): CommandContext {
  return {
    tenantId,
    actor: { kind: 'api_key', id: `key-${tenantId}` },
    correlationId: `test-${tenantId}`,
    causationId: null,
    get now() {
      return new Date().toISOString();
    },
  };
}

/** Registers, publishes and starts an agent; returns the instance id. */
export async function runningAgent(module: TestingModule, context: CommandContext, overrides: Partial<AgentSpec> = {}): Promise<string> {
  const spec = agentSpec({ triggers: [{ eventType: '*' }], ...overrides });
  const definitions = module.get(AgentDefinitionsService);
  await definitions.registerSpec(context, spec);
  await definitions.publish(context, spec.slug, spec.version);
  const { instanceId } = await module.get(AgentInstancesService).start(context, spec.slug);
  return instanceId;
}
