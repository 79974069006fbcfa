import type { Decider } from '../../platform/decider/decider.js';
import type { RecordRetentionApplied, RetentionCommand, SetRetentionRules } from './retention.commands.js';
import { InvalidRetentionRuleError } from './retention.errors.js';
import type { RetentionEvent } from './retention.events.js';
import { type RetentionState, evolveRetention, initialRetentionState } from './retention.state.js';
import { RETENTION_DAYS, type RetentionRule } from './retention.types.js';

const sameRules = (a: readonly RetentionRule[], b: readonly RetentionRule[]) =>
  a.length === b.length && a.every((rule) => b.some((other) => other.target === rule.target && other.days === rule.days));

function setRules(command: SetRetentionRules, state: RetentionState): RetentionEvent[] {
  const seen = new Set<string>();
  for (const rule of command.rules) {
    if (!command.knownTargets.includes(rule.target))
      throw new InvalidRetentionRuleError(`"${rule.target}" is not a retention target (known: ${command.knownTargets.join(', ')})`);
    if (seen.has(rule.target)) throw new InvalidRetentionRuleError(`"${rule.target}" has two rules`);
    seen.add(rule.target);
    if (rule.days !== null && (!Number.isInteger(rule.days) || rule.days < RETENTION_DAYS.min || rule.days > RETENTION_DAYS.max))
      throw new InvalidRetentionRuleError(
        `days of "${rule.target}" is a whole number from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}, or null to keep forever`,
      );
  }
  // Setting what is already set changes nothing (a retried PUT).
  if (sameRules(command.rules, state.rules)) return [];
  const rules = [...command.rules].sort((a, b) => a.target.localeCompare(b.target));
  return [{ type: 'RetentionRulesSet', data: { organizationId: command.organizationId, rules, by: command.by, at: command.now } }];
}

function recordApplied(command: RecordRetentionApplied, state: RetentionState): RetentionEvent[] {
  const { outcome } = command;
  if (outcome.removed <= 0 || state.lastRunKeys[outcome.target] === command.runKey) return [];
  return [
    {
      type: 'RetentionApplied',
      data: { organizationId: command.organizationId, ...outcome, runKey: command.runKey, at: command.now },
    },
  ];
}

export const retentionDecider: Decider<RetentionState, RetentionCommand, RetentionEvent> = {
  initialState: initialRetentionState,
  evolve: evolveRetention,
  decide(command, state) {
    switch (command.type) {
      case 'SetRetentionRules':
        return setRules(command, state);
      case 'RecordRetentionApplied':
        return recordApplied(command, state);
    }
  },
};
