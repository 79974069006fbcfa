import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../http/api-docs.decorators.js';
import { CurrentPrincipal } from '../http/auth/auth.decorators.js';
import type { Principal } from '../http/auth/principal.js';
import { Endpoint } from '../http/endpoint.decorator.js';
import { decodeCursor, pageLimit } from '../http/pagination.js';
import { AuditEventsQuery } from './audit-events.query.js';
import { EventLogQueryDto, StoredEventPageDto, StreamQueryDto } from './audit.dto.js';

/** Every decision auditable without database access: the organization's stored events, admin only. */
@ApiTags('audit')
@ApiAuthenticated()
@Controller('api/v1')
export class AuditController {
  constructor(private readonly events: AuditEventsQuery) {}

  @Get('events/log')
  @Endpoint({
    operationId: 'listEventLog',
    summary: 'Stored events of your organization, in position order',
    description: 'Filtered by stream, stream type, event type, actor, correlation id and time range; cursor-paginated.',
    roles: ['admin'],
    problems: ['validation'],
  })
  @ApiOkResponse({ type: StoredEventPageDto })
  listEventLog(@CurrentPrincipal() principal: Principal, @Query() query: EventLogQueryDto) {
    return this.events.log(
      principal.tenantId,
      {
        streamId: query.streamId,
        streamType: query.streamType,
        type: query.type,
        actor: query.actor,
        correlationId: query.correlationId,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      },
      { after: decodeCursor(query.cursor), limit: pageLimit(query) },
    );
  }

  @Get('streams/:streamId')
  @Endpoint({
    operationId: 'getStream',
    summary: "One stream's events in order; `asOf` shows it as it stood at a position",
    roles: ['admin'],
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'streamId', description: '`<stream type>-<id>`, e.g. `conversation-3f2a…`' })
  @ApiOkResponse({ type: StoredEventPageDto })
  getStream(@CurrentPrincipal() principal: Principal, @Param('streamId') streamId: string, @Query() query: StreamQueryDto) {
    return this.events.stream(principal.tenantId, streamId, query.asOf, { after: decodeCursor(query.cursor), limit: pageLimit(query) });
  }
}
