import type { RoutingRule } from './routing-rule.js';

/** A member of the squad as routing sees it. */
export interface ChainMember {
  id: string;
  role: string;
  name?: string;
}

/** Where a rule came from, strongest first. */
export type RuleSource = 'squad' | 'organization' | 'template';

/** What made the winner beat a given rival, in the order the comparison tries them. */
export type DecidingFactor = 'scope' | 'question_type' | 'priority' | 'rule_id';

export interface OutrankedRule {
  ruleId: string;
  source: RuleSource;
  questionType: string;
  priority: number;
  lostOn: DecidingFactor;
}

/** Why a rule won its level: a sentence for people and the same facts as fields for programs. */
export interface ChainReason {
  summary: string;
  source: RuleSource;
  questionTypeMatch: 'specific' | 'default';
  priority: number;
  /** What separated the winner from the runner-up; `only_candidate` when nothing competed. */
  decidedBy: DecidingFactor | 'only_candidate';
  outranked: OutrankedRule[];
  /** Inactive rules for the same slot, listed so an admin sees they were skipped, not missed. */
  ignoredInactive: { ruleId: string; source: RuleSource }[];
}

export interface ChainLevel {
  level: number;
  rule: RoutingRule & { source: RuleSource };
  /** Members who answer at this level; empty when nobody in the squad holds the role. */
  responders: ChainMember[];
  why: ChainReason;
}

export interface ResolvedChain {
  askerRole: string;
  questionType: string;
  /** Ascending by level; conversations escalate from one entry to the next. */
  levels: ChainLevel[];
  /** Levels that have a rule but lie above the squad's maximum level, so they are left out. */
  beyondMaxLevel: number[];
}

export interface ResolveChainInput {
  squadRules: readonly RoutingRule[];
  orgRules: readonly RoutingRule[];
  templateRules: readonly RoutingRule[];
  members: readonly ChainMember[];
  askerRole: string;
  questionType: string;
  /** The squad's maximum escalation level; levels above it are not part of the chain. */
  maxLevel?: number;
}
