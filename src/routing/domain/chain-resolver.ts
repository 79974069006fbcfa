import type {
  ChainLevel,
  ChainMember,
  DecidingFactor,
  OutrankedRule,
  ResolveChainInput,
  ResolvedChain,
  RuleSource,
} from './chain.types.js';
import { DEFAULT_QUESTION_TYPE, type RoutingRule, describeResponder } from './routing-rule.js';

interface Candidate {
  rule: RoutingRule;
  source: RuleSource;
  specific: boolean;
}

const SOURCE_RANK: Record<RuleSource, number> = { squad: 0, organization: 1, template: 2 };
const SOURCE_LABEL: Record<RuleSource, string> = { squad: 'squad', organization: 'organization', template: 'template default' };

/** Which factor first separates two candidates, and whether `a` ranks ahead of `b` on it. */
function compare(a: Candidate, b: Candidate): { factor: DecidingFactor; aFirst: boolean } {
  if (a.source !== b.source) return { factor: 'scope', aFirst: SOURCE_RANK[a.source] < SOURCE_RANK[b.source] };
  if (a.specific !== b.specific) return { factor: 'question_type', aFirst: a.specific };
  if (a.rule.priority !== b.rule.priority) return { factor: 'priority', aFirst: a.rule.priority > b.rule.priority };
  // A true tie is a configuration conflict (validation reports it); the lower id keeps the outcome stable.
  return { factor: 'rule_id', aFirst: a.rule.id < b.rule.id };
}

function respondersFor(rule: RoutingRule, members: readonly ChainMember[]): ChainMember[] {
  const responder = rule.responder;
  return responder.kind === 'role'
    ? members.filter((member) => member.role === responder.role)
    : members.filter((member) => member.id === responder.memberId);
}

function because(winner: Candidate, runnerUp: OutrankedRule | undefined): string {
  if (!runnerUp) return 'it is the only active rule for this level';
  switch (runnerUp.lostOn) {
    case 'scope':
      return `${SOURCE_LABEL[winner.source]} rules take precedence over ${SOURCE_LABEL[runnerUp.source]} rules (it outranks rule ${runnerUp.ruleId})`;
    case 'question_type':
      return `a rule for question type "${winner.rule.questionType}" takes precedence over a "${DEFAULT_QUESTION_TYPE}" rule (it outranks rule ${runnerUp.ruleId})`;
    case 'priority':
      return `its priority ${winner.rule.priority} is higher than ${runnerUp.priority} of rule ${runnerUp.ruleId}`;
    case 'rule_id':
      return `it ties with rule ${runnerUp.ruleId} at priority ${winner.rule.priority} and the lower rule id wins; this conflict should be resolved`;
  }
}

function resolveLevel(level: number, candidates: Candidate[], inactive: Candidate[], input: ResolveChainInput): ChainLevel {
  const ranked = [...candidates].sort((a, b) => (compare(a, b).aFirst ? -1 : 1));
  const [winner, ...losers] = ranked;
  const outranked = losers.map((loser): OutrankedRule => ({
    ruleId: loser.rule.id,
    source: loser.source,
    questionType: loser.rule.questionType,
    priority: loser.rule.priority,
    lostOn: compare(winner, loser).factor,
  }));
  const responders = respondersFor(winner.rule, input.members);
  const staffing = responders.length === 0 ? 'nobody in the squad' : responders.map((member) => member.name ?? member.id).join(', ');
  const summary =
    `Level ${level}: ${SOURCE_LABEL[winner.source]} rule ${winner.rule.id} routes ${input.askerRole} ` +
    `"${winner.rule.questionType}" questions to ${describeResponder(winner.rule.responder)} (${staffing}), because ${because(winner, outranked[0])}.`;
  return {
    level,
    rule: { ...winner.rule, source: winner.source },
    responders,
    why: {
      summary,
      source: winner.source,
      questionTypeMatch: winner.specific ? 'specific' : 'default',
      priority: winner.rule.priority,
      decidedBy: outranked[0]?.lostOn ?? 'only_candidate',
      outranked,
      ignoredInactive: inactive.map((candidate) => ({ ruleId: candidate.rule.id, source: candidate.source })),
    },
  };
}

/**
 * The escalation chain for one asker role and question type, level by level. At each level the
 * winner is chosen by, in order: squad over organization over template default; the specific
 * question type over `default`; higher priority; lower rule id. Inactive rules never compete.
 * Levels are resolved independently, so a squad may override level 0 and inherit the rest.
 */
export function resolveChain(input: ResolveChainInput): ResolvedChain {
  const specificType = input.questionType !== DEFAULT_QUESTION_TYPE;
  const byLevel = new Map<number, { active: Candidate[]; inactive: Candidate[] }>();
  const sources: [RuleSource, readonly RoutingRule[]][] = [
    ['squad', input.squadRules],
    ['organization', input.orgRules],
    ['template', input.templateRules],
  ];
  for (const [source, rules] of sources) {
    for (const rule of rules) {
      if (rule.askerRole !== input.askerRole) continue;
      const specific = specificType && rule.questionType === input.questionType;
      if (!specific && rule.questionType !== DEFAULT_QUESTION_TYPE) continue;
      const slot = byLevel.get(rule.level) ?? { active: [], inactive: [] };
      (rule.active ? slot.active : slot.inactive).push({ rule, source, specific });
      byLevel.set(rule.level, slot);
    }
  }
  const levels: ChainLevel[] = [];
  const beyondMaxLevel: number[] = [];
  for (const [level, slot] of [...byLevel].sort(([a], [b]) => a - b)) {
    if (slot.active.length === 0) continue;
    if (input.maxLevel !== undefined && level > input.maxLevel) beyondMaxLevel.push(level);
    else levels.push(resolveLevel(level, slot.active, slot.inactive, input));
  }
  return { askerRole: input.askerRole, questionType: input.questionType, levels, beyondMaxLevel };
}
