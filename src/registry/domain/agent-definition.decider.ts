import type { Decider } from '../../platform/decider/decider.js';
import { isCanonicalSemver } from './agent-spec.schema.js';
import type { AgentDefinitionCommand } from './agent-definition.commands.js';
import {
  AgentSlugMismatchError,
  AgentVersionDeprecatedError,
  AgentVersionNotDraftError,
  AgentVersionNotFoundError,
  AgentVersionNotPublishedError,
  DuplicateAgentVersionError,
  InvalidAgentVersionError,
} from './agent-definition.errors.js';
import type { AgentDefinitionEvent } from './agent-definition.events.js';
import {
  type AgentDefinitionState,
  type AgentVersionState,
  evolveAgentDefinition,
  initialAgentDefinitionState,
} from './agent-definition.state.js';

/**
 * The versions of one agent. A version is registered as a draft, published, then deprecated;
 * only a draft can be deleted. Publishing or deprecating twice is harmless (no new event), so a
 * retried request changes nothing.
 */
export function decideAgentDefinition(command: AgentDefinitionCommand, state: AgentDefinitionState): AgentDefinitionEvent[] {
  const at = command.now.toISOString();
  switch (command.type) {
    case 'RegisterAgentVersion': {
      const { spec } = command;
      if (!isCanonicalSemver(spec.version)) throw new InvalidAgentVersionError(spec.version);
      if (state.kind === 'registered') {
        if (state.slug !== spec.slug) throw new AgentSlugMismatchError(state.slug, spec.slug);
        if (state.versions[spec.version]) throw new DuplicateAgentVersionError(spec.slug, spec.version);
      }
      return [{ type: 'AgentVersionRegistered', data: { spec, registeredAt: at } }];
    }
    case 'PublishAgentVersion': {
      const { slug, current } = existing(state, command.slug, command.version);
      if (current.status === 'deprecated') throw new AgentVersionDeprecatedError(slug, command.version);
      if (current.status === 'published') return [];
      return [{ type: 'AgentVersionPublished', data: { slug, version: command.version, publishedAt: at } }];
    }
    case 'DeprecateAgentVersion': {
      const { slug, current } = existing(state, command.slug, command.version);
      if (current.status === 'draft') throw new AgentVersionNotPublishedError(slug, command.version);
      if (current.status === 'deprecated') return [];
      return [{ type: 'AgentVersionDeprecated', data: { slug, version: command.version, deprecatedAt: at, reason: command.reason } }];
    }
    case 'DeleteAgentDraft': {
      const { slug, current } = existing(state, command.slug, command.version);
      if (current.status !== 'draft') throw new AgentVersionNotDraftError(slug, command.version, current.status);
      return [{ type: 'AgentDraftDeleted', data: { slug, version: command.version, deletedAt: at } }];
    }
  }
}

function existing(state: AgentDefinitionState, slug: string, version: string): { slug: string; current: AgentVersionState } {
  const current = state.kind === 'registered' ? state.versions[version] : undefined;
  if (!current) throw new AgentVersionNotFoundError(slug, version);
  return { slug, current };
}

export const agentDefinitionDecider: Decider<AgentDefinitionState, AgentDefinitionCommand, AgentDefinitionEvent> = {
  initialState: initialAgentDefinitionState,
  evolve: evolveAgentDefinition,
  decide: decideAgentDefinition,
};
