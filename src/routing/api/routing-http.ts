import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import type { Principal } from '../../platform/http/auth/principal.js';
import { requestIdOf } from '../../platform/http/request-context.js';
import type { RoutingContext } from '../application/routing-context.js';
import type { RoutingWritten } from '../application/routing.commands.js';
import { GetRoutingRuleQuery, ValidateSquadRoutingQuery } from '../application/routing.query.js';
import type { RoutingTarget } from '../application/routing-target.js';
import { toRoutingRuleDto } from './routing-rule.dto.js';
import type { RoutingRulesWrittenDto } from './routing-validation.dto.js';

export function routingContextOf(principal: Principal, request: Request): RoutingContext {
  const requestId = requestIdOf(request);
  return {
    tenantId: principal.tenantId,
    actor: principal.memberId ? { kind: 'member', id: principal.memberId } : { kind: 'api_key', id: principal.keyId },
    ...(requestId ? { requestId, correlationId: requestId } : {}),
  };
}

/** Turns a rule write into its response: the rules as they now are and the squad's validation warnings. */
@Injectable()
export class RoutingWriteResponder {
  constructor(private readonly queries: QueryBus) {}

  async respond(tenantId: string, target: RoutingTarget, written: RoutingWritten, deleted = false): Promise<RoutingRulesWrittenDto> {
    const rules = deleted
      ? []
      : await Promise.all(written.ruleIds.map((ruleId) => this.queries.execute(new GetRoutingRuleQuery(tenantId, target, ruleId))));
    const warnings =
      target.kind === 'squad' ? (await this.queries.execute(new ValidateSquadRoutingQuery(tenantId, target.squadId))).issues : [];
    return { version: written.version, rules: rules.map(toRoutingRuleDto), warnings };
  }
}
