import { stringify } from 'yaml';
import { parseUntrustedYaml } from '../../platform/http/input/untrusted-yaml.js';
import { DomainError } from '../../platform/decider/decider.js';
import type { AgentSpec, AgentTrigger } from './agent-spec.js';
import { parseAgentSpec } from './agent-spec.schema.js';
import { type JsonValue, isJsonObject } from './json.js';

/** The text is not YAML at all (or holds several documents); says where it broke. */
export class AgentYamlMalformedError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('agent_yaml_malformed', message);
  }
}

const MAX_YAML_LENGTH = 256 * 1024;

/** YAML → a validated AgentSpec; throws AgentYamlMalformedError or AgentSpecInvalidError (with the field). */
export function importAgentYaml(text: string): AgentSpec {
  if (text.length > MAX_YAML_LENGTH)
    throw new AgentYamlMalformedError('(document)', `a definition is at most ${MAX_YAML_LENGTH} characters`);
  // Plain data only: anchors, aliases and custom tags are refused (an agent definition never needs
  // them, and aliases enable expansion bombs).
  const parsed = parseUntrustedYaml(text);
  if (!parsed.ok) throw new AgentYamlMalformedError(parsed.error.field, parsed.error.messages.join(', '));
  return parseAgentSpec(parsed.value);
}

/**
 * AgentSpec → YAML in one canonical layout: keys in schema order, optional fields only when set,
 * keys inside filters and metadata sorted (storage in jsonb does not keep their order), multi-line
 * text as literal blocks, no line folding. Exporting an imported canonical document gives back
 * the same text, byte for byte, however the definition was stored in between.
 */
export function exportAgentYaml(spec: AgentSpec): string {
  const ordered = {
    slug: spec.slug,
    version: spec.version,
    name: spec.name,
    role: spec.role,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    priority: spec.priority,
    persona: spec.persona,
    goals: spec.goals,
    skills: spec.skills,
    model: { providerPreference: spec.model.providerPreference, temperature: spec.model.temperature, maxTokens: spec.model.maxTokens },
    triggers: spec.triggers.map(orderedTrigger),
    ...(Object.keys(spec.metadata).length > 0 ? { metadata: sortedKeys(spec.metadata) } : {}),
  };
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal', indentSeq: true, aliasDuplicateObjects: false });
}

function orderedTrigger(trigger: AgentTrigger): AgentTrigger {
  return trigger.filter === undefined
    ? { eventType: trigger.eventType }
    : { eventType: trigger.eventType, filter: sortedKeys(trigger.filter) };
}

function sortedKeys<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedKeys) as T;
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys(value[key])]),
  ) as T;
}
