import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { GetRoutingRuleQuery } from '../application/get-routing-rule.query.js';
import type { RoutingTarget } from '../application/routing-target.js';
import type { RoutingWritten } from '../application/routing-written.js';
import { ValidateSquadRoutingQuery } from '../application/validate-squad-routing.query.js';
import { toRoutingRuleDto } from './routing-rule.dto.js';
import type { RoutingRulesWrittenDto } from './routing-validation.dto.js';

/** Turns a rule write into its response: the rules as they now are and the squad's validation warnings, with the version as ETag. */
@Injectable()
export class RoutingWriteResponder {
  constructor(private readonly queries: QueryBus) {}

  async respond(target: RoutingTarget, written: RoutingWritten, tenantId: string): Promise<Versioned<RoutingRulesWrittenDto>> {
    const rules = await Promise.all(
      written.ruleIds.map((ruleId) => this.queries.execute(new GetRoutingRuleQuery(tenantId, target, ruleId))),
    );
    const warnings =
      target.kind === 'squad' ? (await this.queries.execute(new ValidateSquadRoutingQuery(tenantId, target.squadId))).issues : [];
    return versioned(written.version, { version: written.version, rules: rules.map(toRoutingRuleDto), warnings });
  }
}
