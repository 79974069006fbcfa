import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { decodeCursor, pageLimit } from '../../platform/http/pagination.js';
import { EventIntakeService } from '../application/event-intake.service.js';
import { EventRoutingQueries } from '../application/event-routing.queries.js';
import type { JsonObject } from '../domain/json.js';
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
  @HttpCode(202)
  @Endpoint({
    operationId: 'publishEvent',
    summary: 'Publish an external event',
    description: 'Answers 202 with the executions it was routed to (none: unhandled).',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation', 'domain-rule'],
    idempotent: true,
  })
  @ApiAcceptedResponse({ type: IntakeReceiptDto })
  publishEvent(@Write() { context }: WriteContext, @Body() body: PublishEventDto) {
    return this.intake.receive(context, {
      eventId: body.eventId,
      type: body.type,
      payload: body.payload as JsonObject,
      priority: body.priority ?? 'NORMAL',
    });
  }

  @Get()
  @Endpoint({
    operationId: 'listEvents',
    summary: 'Received events in arrival order; `unhandled=true` for those no agent took',
    roles: ['admin', 'operator', 'agent'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: IntakeEventPageDto })
  listEvents(@CurrentPrincipal() principal: Principal, @Query() query: IntakeEventsQueryDto) {
    return this.queries.events(principal.tenantId, {
      unhandled: query.unhandled,
      eventType: query.type,
      after: decodeCursor(query.cursor),
      limit: pageLimit(query),
    });
  }

  @Get('stats')
  @Endpoint({
    operationId: 'routingStats',
    summary: 'Routing statistics: received, routed, unhandled, per event type',
    roles: ['admin', 'operator', 'agent'],
  })
  @ApiOkResponse({ type: RoutingStatsDto })
  routingStats(@CurrentPrincipal() principal: Principal) {
    return this.queries.stats(principal.tenantId);
  }
}
