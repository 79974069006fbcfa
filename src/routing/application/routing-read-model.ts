import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { resolveChain } from '../domain/chain-resolver.js';
import type { ResolvedChain } from '../domain/chain.types.js';
import { DEFAULT_INTERACTION_SETTINGS, type InteractionSettings } from '../domain/interaction-settings.js';
import { RoutingRuleNotFoundError } from '../domain/routing.errors.js';
import type { RoutingRule } from '../domain/routing-rule.js';
import { type RoutingValidation, validateRouting } from '../domain/routing-validation.js';
import { RULE_COLUMNS, type RoutingRuleRow, ruleOf } from './routing-rule.row.js';
import { loadChainCandidates, loadSquadRouting } from './routing-rules.reader.js';
import type { RoutingTarget } from './routing-target.js';
import { SquadAccess } from './squad-access.js';
import type { SquadMember } from './squad-directory.js';

export interface RulePageRequest {
  after: number;
  limit: number;
  askerRole?: string;
}

export interface KeyedRule {
  key: number;
  rule: RoutingRule;
}

interface SettingsRow {
  first_timeout_seconds: number;
  follow_up_timeout_seconds: number;
  max_level: number;
  acknowledgement_template: string;
  follow_up_template: string;
  escalation_notice_template: string;
  stream_version: number;
}

/** What a question needs from routing when it is asked: who answers, level by level, and the squad's interaction settings. */
export interface QuestionRouting {
  chain: ResolvedChain;
  settings: InteractionSettings & { version: number };
}

/** Reads of the routing read model (its tables, written by routing's projections). */
@Injectable()
export class RoutingReadModel {
  constructor(
    private readonly db: Database,
    private readonly squads: SquadAccess,
  ) {}

  /**
   * The escalation chain for a question in a squad, resolved from the squad's rules, its
   * organization's and the organization's default template, cut at the squad's maximum level.
   * Throws NotFoundError when the squad is not the tenant's.
   */
  async chainFor(tenantId: string, squadId: string, askerRole: string, questionType: string): Promise<ResolvedChain> {
    const [members, tiers, settings] = await Promise.all([
      this.squads.membersOf(tenantId, squadId),
      loadChainCandidates(this.db, tenantId, squadId, askerRole, questionType),
      this.settingsOf(tenantId, squadId, false),
    ]);
    return resolveChain({ ...tiers, members, askerRole, questionType, maxLevel: settings.maxLevel });
  }

  /**
   * The chain and the settings for a question, for callers that already hold the squad's members
   * (conversations reads them once, from organizations): one read of rules and settings, no other.
   */
  async questionRouting(
    tenantId: string,
    squadId: string,
    members: readonly SquadMember[],
    askerRole: string,
    questionType: string,
  ): Promise<QuestionRouting> {
    const [tiers, settings] = await Promise.all([
      loadChainCandidates(this.db, tenantId, squadId, askerRole, questionType),
      this.settingsOf(tenantId, squadId, false),
    ]);
    const chain = resolveChain({ ...tiers, members, askerRole, questionType, maxLevel: settings.maxLevel });
    return { chain, settings };
  }

  /** Checks the squad's routing as it stands, or `proposedRules` in place of the squad's own rules. */
  async validateSquad(tenantId: string, squadId: string, proposedRules?: RoutingRule[]): Promise<RoutingValidation> {
    const [members, tiers, settings] = await Promise.all([
      this.squads.membersOf(tenantId, squadId),
      loadSquadRouting(this.db, tenantId, squadId),
      this.settingsOf(tenantId, squadId, false),
    ]);
    return validateRouting(proposedRules ?? tiers.squadRules, members, {
      orgRules: tiers.orgRules,
      templateRules: tiers.templateRules,
      maxLevel: settings.maxLevel,
    });
  }

  /**
   * Rules in creation order after the key `after`, up to `limit + 1` of them (the extra one only
   * says another page exists). The key is the position of the event that created the rule.
   */
  async rules(tenantId: string, target: RoutingTarget, page: RulePageRequest): Promise<KeyedRule[]> {
    if (target.kind === 'squad') await this.squads.membersOf(tenantId, target.squadId);
    const rows = await this.db.query<RoutingRuleRow>(
      `SELECT ${RULE_COLUMNS} FROM routing_rules
        WHERE tenant_id = $1 AND squad_id IS NOT DISTINCT FROM $2 AND NOT deleted AND seq > $3 AND ($5::text IS NULL OR asker_role = $5)
        ORDER BY seq LIMIT $4`,
      [tenantId, target.kind === 'squad' ? target.squadId : null, page.after, page.limit + 1, page.askerRole ?? null],
    );
    return rows.map((row) => ({ key: Number(row.seq), rule: ruleOf(row) }));
  }

  async rule(tenantId: string, target: RoutingTarget, ruleId: string): Promise<RoutingRule> {
    if (target.kind === 'squad') await this.squads.membersOf(tenantId, target.squadId);
    const [row] = await this.db.query<RoutingRuleRow>(
      `SELECT ${RULE_COLUMNS} FROM routing_rules WHERE tenant_id = $1 AND squad_id IS NOT DISTINCT FROM $2 AND rule_id = $3 AND NOT deleted`,
      [tenantId, target.kind === 'squad' ? target.squadId : null, ruleId],
    );
    if (!row) throw new RoutingRuleNotFoundError(ruleId);
    return ruleOf(row);
  }

  /** The squad's interaction settings (the defaults until changed) and their version. */
  async settings(tenantId: string, squadId: string): Promise<InteractionSettings & { version: number }> {
    return this.settingsOf(tenantId, squadId, true);
  }

  private async settingsOf(tenantId: string, squadId: string, checkSquad: boolean): Promise<InteractionSettings & { version: number }> {
    if (checkSquad) await this.squads.membersOf(tenantId, squadId);
    const [row] = await this.db.query<SettingsRow>(
      `SELECT first_timeout_seconds, follow_up_timeout_seconds, max_level, acknowledgement_template, follow_up_template,
              escalation_notice_template, stream_version
         FROM routing_interaction_settings WHERE tenant_id = $1 AND squad_id = $2`,
      [tenantId, squadId],
    );
    if (!row) return { ...DEFAULT_INTERACTION_SETTINGS, version: 0 };
    return {
      firstTimeoutSeconds: row.first_timeout_seconds,
      followUpTimeoutSeconds: row.follow_up_timeout_seconds,
      maxLevel: row.max_level,
      acknowledgementTemplate: row.acknowledgement_template,
      followUpTemplate: row.follow_up_template,
      escalationNoticeTemplate: row.escalation_notice_template,
      version: row.stream_version,
    };
  }
}
