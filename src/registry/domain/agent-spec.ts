import type { JsonObject } from './json.js';
import type { Priority } from './priority.js';
import type { TriggerFilter } from './trigger-filter.js';

/** How an agent wants its language model called. */
export interface ModelSettings {
  /** Provider names in order of preference (e.g. `openai`, `ollama`, `offline`); the gateway falls back along it. */
  providerPreference: string[];
  temperature: number;
  maxTokens: number;
}

/** Wakes an agent when an incoming event's type matches `eventType` and its payload passes `filter`. */
export interface AgentTrigger {
  /** Dot-separated type pattern, see event-type-pattern.ts (`deploy.*`, `alert.*.critical`, `*`). */
  eventType: string;
  filter?: TriggerFilter;
}

/** One version of an agent definition: everything the YAML document holds. */
export interface AgentSpec {
  slug: string;
  /** Semantic version, canonical form (`1.2.0`, `2.0.0-rc.1`). */
  version: string;
  name: string;
  role: string;
  description?: string;
  /** The system prompt: who the agent is and how it behaves. */
  persona: string;
  goals: string[];
  skills: string[];
  model: ModelSettings;
  triggers: AgentTrigger[];
  /** Default urgency of this agent's own work (lock requests, its executions when an event has none). */
  priority: Priority;
  metadata: JsonObject;
}
