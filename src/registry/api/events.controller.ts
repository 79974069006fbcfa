import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiAuthenticated, ApiIdempotent, ApiProblems } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal, Roles } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { EventIntakeService } from '../application/event-intake.service.js';
import { EventRoutingQueries } from '../application/event-routing.queries.js';
import type { JsonObject } from '../domain/json.js';
import { contextOf } from './registry-http.js';
import { IntakeEventPageDto, IntakeEventsQueryDto, IntakeReceiptDto, PublishEventDto, RoutingStatsDto } from './runtime.dto.js';

/** External events in: routed to matching running agents through the durable priority queue. */
@ApiTags('events')
@ApiAuthenticated()
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly intake: EventIntakeService,
    private readonly queries: EventRoutingQueries,
  ) {}

  @Post()
  @Roles('admin', 'operator', 'agent')
  @HttpCode(202)
  @ApiIdempotent()
  @ApiOperation({
    operationId: 'publishEvent',
    summary: 'Publish an external event',
    description: 'Answers 202 with the executions it was routed to (none: unhandled).',
  })
  @ApiAcceptedResponse({ type: IntakeReceiptDto })
  @ApiProblems('validation', 'domain-rule')
  publishEvent(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() body: PublishEventDto) {
    return this.intake.receive(contextOf(principal, request), {
      eventId: body.eventId,
      type: body.type,
      payload: body.payload as JsonObject,
      priority: body.priority ?? 'NORMAL',
    });
  }

  @Get()
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'listEvents', summary: 'Received events in arrival order; `unhandled=true` for those no agent took' })
  @ApiOkResponse({ type: IntakeEventPageDto })
  @ApiProblems('validation')
  listEvents(@CurrentPrincipal() principal: Principal, @Query() query: IntakeEventsQueryDto) {
    return this.queries.events(principal.tenantId, {
      unhandled: query.unhandled,
      eventType: query.type,
      after: decodeCursor(query.cursor),
      limit: pageLimit(query),
    });
  }

  @Get('stats')
  @Roles('admin', 'operator', 'agent')
  @ApiOperation({ operationId: 'routingStats', summary: 'Routing statistics: received, routed, unhandled, per event type' })
  @ApiOkResponse({ type: RoutingStatsDto })
  routingStats(@CurrentPrincipal() principal: Principal) {
    return this.queries.stats(principal.tenantId);
  }
}
