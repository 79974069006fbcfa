import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Clock } from '../decider/clock.js';
import { ApiAuthenticated } from '../http/api-docs.decorators.js';
import type { AuthenticatedRequest } from '../http/auth/principal.js';
import { Endpoint } from '../http/endpoint.decorator.js';
import { ProblemError, problem } from '../http/problem.js';
import { UsageTotalsDto } from './usage.dto.js';
import { LlmUsageService, type UsageFilter, type UsageTotals } from './usage/llm-usage.service.js';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

@ApiTags('usage')
@ApiAuthenticated()
@Controller('api/v1/usage')
export class UsageController {
  constructor(
    private readonly usage: LlmUsageService,
    private readonly clock: Clock,
  ) {}

  /** Language-model usage of the caller's organization: totals, and by day, purpose and model. */
  @Get()
  @Endpoint({
    operationId: 'getUsage',
    summary: 'Language-model usage of your organization',
    description: 'Calls, tokens in and out, cost (USD), cache hits and failures: totals, and by day, purpose and model.',
    problems: ['validation'],
  })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date or time, inclusive; default 30 days before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date or time, exclusive; default now' })
  @ApiQuery({ name: 'squadId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'Only calls made in this squad' })
  @ApiQuery({
    name: 'agentSlug',
    required: false,
    schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    description: 'Only calls made by this agent',
  })
  @ApiOkResponse({ type: UsageTotalsDto, description: 'Totals of calls, tokens and cost (USD) in the range' })
  getUsage(
    @Req() request: AuthenticatedRequest,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('squadId') squadId?: string,
    @Query('agentSlug') agentSlug?: string,
  ): Promise<UsageTotals> {
    return this.usage.usageTotals(tenantOf(request), usageRange(from, to, this.clock.now()), usageFilter(squadId, agentSlug));
  }
}

/** The caller's organization; this module is mounted without the API-key guard in its own tests, hence a 401 here too. */
function tenantOf(request: AuthenticatedRequest): string {
  const tenantId = request.principal?.tenantId;
  if (!tenantId) throw new ProblemError(problem('unauthorized'));
  return tenantId;
}

/** The range asked for: `to` defaults to now, `from` to 30 days before `to`; at most MAX_RANGE_DAYS long. */
function usageRange(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  const end = to === undefined ? now : parseInstant('to', to);
  const start = from === undefined ? new Date(end.getTime() - 30 * DAY_MS) : parseInstant('from', from);
  if (start.getTime() >= end.getTime()) throw new ProblemError(problem('validation', '`from` must be before `to`'));
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new ProblemError(problem('validation', `the range may span at most ${MAX_RANGE_DAYS} days`));
  }
  return { from: start, to: end };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The squad and agent filters, checked: a squad of another organization simply has no calls here. */
function usageFilter(squadId: string | undefined, agentSlug: string | undefined): UsageFilter {
  if (squadId !== undefined && !UUID.test(squadId)) throw new ProblemError(problem('validation', '`squadId` must be a UUID'));
  if (agentSlug !== undefined && !SLUG.test(agentSlug)) throw new ProblemError(problem('validation', '`agentSlug` must be an agent slug'));
  return { ...(squadId !== undefined ? { squadId } : {}), ...(agentSlug !== undefined ? { agentSlug } : {}) };
}

function parseInstant(name: string, value: string): Date {
  // Only ISO 8601 (2025-01-31 or 2025-01-31T12:00:00Z): Date.parse accepts much more, ambiguously.
  const date = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new ProblemError(problem('validation', `\`${name}\` must be an ISO 8601 date or time, got "${value}"`));
  return date;
}
