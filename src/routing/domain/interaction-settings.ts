import { MAX_LEVEL } from './routing-rule.js';

/** How a squad's responders behave while a question waits. Timeouts in seconds. */
export interface InteractionSettings {
  firstTimeoutSeconds: number;
  followUpTimeoutSeconds: number;
  /** The deepest escalation level conversations may reach. */
  maxLevel: number;
  acknowledgementTemplate: string;
  followUpTemplate: string;
  escalationNoticeTemplate: string;
}

/** The placeholders conversations fill in when they send a message from a template. */
export const MESSAGE_PLACEHOLDERS = ['asker', 'responder', 'questionType', 'level', 'nextResponder', 'timeoutMinutes'] as const;
export type MessagePlaceholder = (typeof MESSAGE_PLACEHOLDERS)[number];

export const DEFAULT_INTERACTION_SETTINGS: InteractionSettings = {
  firstTimeoutSeconds: 5 * 60,
  followUpTimeoutSeconds: 2 * 60,
  maxLevel: 3,
  acknowledgementTemplate: 'I received your question, {asker}. Let me think about it, please wait…',
  followUpTemplate: '{responder}, are you still there? {asker} is waiting for an answer.',
  escalationNoticeTemplate: 'No answer yet, so the question from {asker} is escalated to {nextResponder} (level {level}).',
};

export const TIMEOUT_BOUNDS = { min: 10, max: 24 * 60 * 60 } as const;
export const MAX_TEMPLATE_LENGTH = 2000;
const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Why the settings cannot be used, or null. */
export function settingsProblem(settings: InteractionSettings): string | null {
  for (const field of ['firstTimeoutSeconds', 'followUpTimeoutSeconds'] as const) {
    const value = settings[field];
    if (!Number.isInteger(value) || value < TIMEOUT_BOUNDS.min || value > TIMEOUT_BOUNDS.max) {
      return `${field} must be an integer from ${TIMEOUT_BOUNDS.min} to ${TIMEOUT_BOUNDS.max}`;
    }
  }
  if (!Number.isInteger(settings.maxLevel) || settings.maxLevel < 0 || settings.maxLevel > MAX_LEVEL)
    return `maxLevel must be an integer from 0 to ${MAX_LEVEL}`;
  for (const field of ['acknowledgementTemplate', 'followUpTemplate', 'escalationNoticeTemplate'] as const) {
    const template = settings[field];
    if (template.trim().length === 0 || template.length > MAX_TEMPLATE_LENGTH)
      return `${field} must have 1 to ${MAX_TEMPLATE_LENGTH} characters`;
    const unknown = placeholdersIn(template).filter((name) => !(MESSAGE_PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown.length > 0)
      return `${field} uses unknown placeholder {${unknown[0]}}; known: ${MESSAGE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`;
  }
  return null;
}
