import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../../platform/http/auth/principal.js';
import { Endpoint } from '../../../platform/http/endpoint.decorator.js';
import { decodeCursor, pageLimit, pageOf } from '../../../platform/http/pagination.js';
import { ProblemError, problem } from '../../../platform/http/problem.js';
import { PsaDeliveriesService } from '../application/psa-deliveries.service.js';
import { PsaIntegrationService } from '../application/psa-integration.service.js';
import {
  ConfigurePsaIntegrationDto,
  DELIVERY_ID_PATTERN,
  ListPsaDeliveriesQueryDto,
  PsaDeliveryDto,
  PsaDeliveryPageDto,
  PsaIntegrationDto,
  toPsaDeliveryDto,
  toPsaIntegrationDto,
} from './psa-integration.dto.js';

const WEBHOOK = `Deliveries are POSTed as JSON {id, type, occurredAt, organizationId, session, note {title, body (Markdown), visibility}} with
the headers X-AgentSquad-Delivery (the envelope id, stable across tries: dedupe on it), X-AgentSquad-Event (the type),
X-AgentSquad-Timestamp (unix seconds) and X-AgentSquad-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>.
Answer 2xx to acknowledge. Timeouts, connection errors, 5xx, 408 and 429 are retried with exponential backoff (Retry-After
honoured); any other status fails the delivery at once; after PSA_MAX_ATTEMPTS tries (8 by default) it is failed.`;

function deliveryIdParam(raw: string): string {
  if (!DELIVERY_ID_PATTERN.test(raw))
    throw new ProblemError(
      problem('validation', 'deliveryId is not a delivery id', { errors: [{ field: 'deliveryId', messages: ['invalid id'] }] }),
    );
  return raw;
}

@ApiTags('integrations')
@ApiAuthenticated()
@Controller('api/v1/organization/integrations/psa')
export class PsaIntegrationController {
  constructor(
    private readonly integrations: PsaIntegrationService,
    private readonly deliveries: PsaDeliveriesService,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'getPsaIntegration',
    summary: 'Get your organization’s PSA webhook',
    description: 'The secret is write-only: only `secretSet` tells that there is one. 404 when none is configured.',
    roles: ['admin'],
    problems: ['forbidden', 'not-found'],
  })
  @ApiOkResponse({ type: PsaIntegrationDto })
  async getPsaIntegration(@CurrentPrincipal() principal: Principal): Promise<PsaIntegrationDto> {
    return toPsaIntegrationDto(await this.integrations.get(principal.tenantId));
  }

  @Put()
  @Endpoint({
    operationId: 'setPsaIntegration',
    summary: 'Configure your organization’s PSA webhook',
    description: `Creates or replaces it. ${WEBHOOK}`,
    roles: ['admin'],
    problems: ['validation', 'malformed-json', 'forbidden', 'domain-rule'],
  })
  @ApiOkResponse({ type: PsaIntegrationDto })
  async setPsaIntegration(@CurrentPrincipal() principal: Principal, @Body() body: ConfigurePsaIntegrationDto): Promise<PsaIntegrationDto> {
    const view = await this.integrations.configure({
      tenantId: principal.tenantId,
      url: body.url,
      secret: body.secret,
      events: body.events,
      actor: principal.keyId,
    });
    return toPsaIntegrationDto(view);
  }

  @Delete()
  @HttpCode(204)
  @Endpoint({
    operationId: 'deletePsaIntegration',
    summary: 'Remove your organization’s PSA webhook',
    description: 'Nothing new is enqueued; pending deliveries fail at their next try.',
    roles: ['admin'],
    problems: ['forbidden', 'not-found'],
  })
  @ApiNoContentResponse({ description: 'Removed' })
  async deletePsaIntegration(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.integrations.remove(principal.tenantId, principal.keyId);
  }

  @Get('deliveries')
  @Endpoint({
    operationId: 'listPsaDeliveries',
    summary: 'List PSA webhook deliveries with their tries',
    description: 'Oldest first, cursor-paginated. Each delivery shows its note title, not the body.',
    roles: ['admin'],
    problems: ['validation', 'forbidden'],
  })
  @ApiOkResponse({ type: PsaDeliveryPageDto })
  async listPsaDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPsaDeliveriesQueryDto,
  ): Promise<PsaDeliveryPageDto> {
    const limit = pageLimit(query);
    const rows = await this.deliveries.list(principal.tenantId, { status: query.status, after: decodeCursor(query.cursor), limit });
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toPsaDeliveryDto(row.view),
    );
  }

  @Post('deliveries/:deliveryId/retry')
  @HttpCode(200)
  @Endpoint({
    operationId: 'retryPsaDelivery',
    summary: 'Retry a failed PSA delivery',
    description:
      'A failed delivery is pending again with a fresh set of tries, the first due now; any other status is 409 psa-delivery-not-failed.',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'conflict'],
  })
  @ApiParam({ name: 'deliveryId', example: 'handoff-6a1f0c9d' })
  @ApiOkResponse({ type: PsaDeliveryDto })
  async retryPsaDelivery(@CurrentPrincipal() principal: Principal, @Param('deliveryId') deliveryId: string): Promise<PsaDeliveryDto> {
    return toPsaDeliveryDto(await this.deliveries.retry(principal.tenantId, deliveryIdParam(deliveryId)));
  }
}
