import semver from 'semver';
import { DomainError } from '../../platform/decider/decider.js';
import type { AgentSpec, AgentTrigger, ModelSettings } from './agent-spec.js';
import { isValidEventTypePattern } from './event-type-pattern.js';
import { type JsonObject, isJsonObject } from './json.js';
import { PRIORITIES, isPriority } from './priority.js';
import { filterProblems } from './trigger-filter.js';

export interface FieldProblem {
  /** Where, as a path into the document: `model.temperature`, `triggers[1].filter.env.$in`. */
  field: string;
  message: string;
}

/** The definition breaks the schema; `field` names the first offending field, `problems` all of them. */
export class AgentSpecInvalidError extends DomainError {
  readonly field: string;
  constructor(readonly problems: FieldProblem[]) {
    super('agent_spec_invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.field = problems[0]?.field ?? '';
  }
}

export const AGENT_SLUG = /^[a-z][a-z0-9-]{0,62}$/;
const ROLE = /^[a-z][a-z0-9_-]{0,62}$/;
const KEYS = ['slug', 'version', 'name', 'role', 'description', 'persona', 'goals', 'skills', 'model', 'triggers', 'priority', 'metadata'];
const MODEL_KEYS = ['providerPreference', 'temperature', 'maxTokens'];
const TRIGGER_KEYS = ['eventType', 'filter'];

/** A semantic version in canonical form: what `semver` itself would print. */
export function isCanonicalSemver(version: string): boolean {
  return semver.valid(version) === version;
}

/** Checks an untrusted document (parsed YAML or a request body) and returns it as an AgentSpec. */
export function parseAgentSpec(input: unknown): AgentSpec {
  const problems: FieldProblem[] = [];
  const report = (field: string, message: string) => problems.push({ field, message });
  if (!isJsonObject(input)) throw new AgentSpecInvalidError([{ field: '(document)', message: 'must be an object' }]);
  unknownKeys(input, KEYS, '', report);

  const slug = text(input.slug, 'slug', report, {
    max: 63,
    pattern: AGENT_SLUG,
    hint: 'lowercase letters, digits and dashes, starting with a letter',
  });
  const version = text(input.version, 'version', report, { max: 64 });
  if (version && !isCanonicalSemver(version)) report('version', `"${version}" is not a semantic version like 1.2.0 (quote it in YAML)`);
  const name = text(input.name, 'name', report, { max: 120 });
  const role = text(input.role, 'role', report, { max: 63, pattern: ROLE, hint: 'a slug such as qa_manager' });
  const description = input.description === undefined ? undefined : text(input.description, 'description', report, { max: 2000 });
  const persona = text(input.persona, 'persona', report, { max: 20_000 });
  const goals = strings(input.goals, 'goals', report, { min: 1, max: 500 });
  const skills = strings(input.skills, 'skills', report, { min: 0, max: 80 });
  const model = modelSettings(input.model, report);
  const triggers = triggerList(input.triggers, report);
  if (!isPriority(input.priority)) report('priority', `must be one of ${PRIORITIES.join(', ')}`);
  if (input.metadata !== undefined && !isJsonObject(input.metadata)) report('metadata', 'must be an object');

  if (problems.length > 0) throw new AgentSpecInvalidError(problems);
  return {
    slug,
    version,
    name,
    role,
    ...(description !== undefined ? { description } : {}),
    persona,
    goals,
    skills,
    model,
    triggers,
    priority: input.priority as AgentSpec['priority'],
    metadata: (input.metadata as JsonObject | undefined) ?? {},
  };
}

type Report = (field: string, message: string) => void;

function unknownKeys(object: JsonObject, known: readonly string[], prefix: string, report: Report): void {
  for (const key of Object.keys(object)) if (!known.includes(key)) report(prefix + key, 'is not a known field');
}

function text(value: unknown, field: string, report: Report, rule: { max: number; pattern?: RegExp; hint?: string }): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    report(field, value === undefined ? 'is required' : 'must be a non-empty string');
    return '';
  }
  if (value.length > rule.max) report(field, `must be at most ${rule.max} characters`);
  else if (rule.pattern && !rule.pattern.test(value)) report(field, `must be ${rule.hint ?? `like ${rule.pattern.source}`}`);
  return value;
}

function strings(value: unknown, field: string, report: Report, rule: { min: number; max: number }): string[] {
  if (!Array.isArray(value)) {
    report(field, value === undefined ? 'is required' : 'must be a list of strings');
    return [];
  }
  if (value.length < rule.min) report(field, `needs at least ${rule.min} entry`);
  value.forEach((item, i) => text(item, `${field}[${i}]`, report, { max: rule.max }));
  if (new Set(value).size !== value.length) report(field, 'has duplicate entries');
  return value as string[];
}

function modelSettings(value: unknown, report: Report): ModelSettings {
  const fallback: ModelSettings = { providerPreference: [], temperature: 0, maxTokens: 1 };
  if (!isJsonObject(value)) {
    report('model', value === undefined ? 'is required' : 'must be an object');
    return fallback;
  }
  unknownKeys(value, MODEL_KEYS, 'model.', report);
  const providerPreference = strings(value.providerPreference, 'model.providerPreference', report, { min: 0, max: 64 });
  const { temperature, maxTokens } = value;
  if (typeof temperature !== 'number' || temperature < 0 || temperature > 2) report('model.temperature', 'must be a number from 0 to 2');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 200_000) {
    report('model.maxTokens', 'must be an integer from 1 to 200000');
  }
  return { providerPreference, temperature: temperature as number, maxTokens: maxTokens as number };
}

function triggerList(value: unknown, report: Report): AgentTrigger[] {
  if (!Array.isArray(value)) {
    report('triggers', value === undefined ? 'is required (use [] for an agent no event wakes)' : 'must be a list');
    return [];
  }
  return value.map((item, i): AgentTrigger => {
    const at = `triggers[${i}]`;
    if (!isJsonObject(item)) {
      report(at, 'must be an object with eventType and an optional filter');
      return { eventType: '' };
    }
    unknownKeys(item, TRIGGER_KEYS, `${at}.`, report);
    const eventType = text(item.eventType, `${at}.eventType`, report, { max: 200 });
    if (eventType && !isValidEventTypePattern(eventType)) {
      report(`${at}.eventType`, 'must be dot-separated segments of letters, digits, _ or -, or *');
    }
    if (item.filter === undefined) return { eventType };
    if (!isJsonObject(item.filter)) {
      report(`${at}.filter`, 'must be an object of path: condition');
      return { eventType };
    }
    for (const [path, message] of filterProblems(item.filter)) report(`${at}.filter.${path}`, message);
    return { eventType, filter: item.filter };
  });
}
