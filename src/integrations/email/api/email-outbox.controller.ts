import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../../platform/http/auth/principal.js';
import { Endpoint } from '../../../platform/http/endpoint.decorator.js';
import { decodeCursor, pageLimit, pageOf } from '../../../platform/http/pagination.js';
import { ProblemError, problem } from '../../../platform/http/problem.js';
import { EmailOutboxService } from '../application/email-outbox.service.js';
import { EMAIL_MESSAGE_ID_PATTERN } from '../domain/email-send.decider.js';
import { EmailMessageDto, EmailMessagePageDto, ListEmailOutboxQueryDto, toEmailMessageDto } from './email-outbox.dto.js';

function messageIdParam(raw: string): string {
  if (!EMAIL_MESSAGE_ID_PATTERN.test(raw))
    throw new ProblemError(
      problem('validation', 'messageId is not a message id', { errors: [{ field: 'messageId', messages: ['invalid id'] }] }),
    );
  return raw;
}

@ApiTags('integrations')
@ApiAuthenticated()
@Controller('api/v1/outbox/email')
export class EmailOutboxController {
  constructor(private readonly outbox: EmailOutboxService) {}

  @Get()
  @Endpoint({
    operationId: 'listEmailOutbox',
    summary: 'List outgoing e-mail',
    description:
      'Oldest first, cursor-paginated. With SMTP_URL unset nothing is sent: messages are `stored` here for an operator to copy. ' +
      'Otherwise they are sent over SMTP, 4xx replies and connection errors retried with backoff up to EMAIL_MAX_ATTEMPTS, 5xx failing at once.',
    roles: ['admin', 'operator'],
    problems: ['validation', 'forbidden'],
  })
  @ApiOkResponse({ type: EmailMessagePageDto })
  async listEmailOutbox(@CurrentPrincipal() principal: Principal, @Query() query: ListEmailOutboxQueryDto): Promise<EmailMessagePageDto> {
    const limit = pageLimit(query);
    const rows = await this.outbox.list(principal.tenantId, { status: query.status, after: decodeCursor(query.cursor), limit });
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toEmailMessageDto(row.view),
    );
  }

  @Get(':messageId')
  @Endpoint({
    operationId: 'getEmailMessage',
    summary: 'Get one outgoing e-mail',
    roles: ['admin', 'operator'],
    problems: ['validation', 'forbidden', 'not-found'],
  })
  @ApiParam({ name: 'messageId', example: 'push-6a1f0c9d' })
  @ApiOkResponse({ type: EmailMessageDto })
  async getEmailMessage(@CurrentPrincipal() principal: Principal, @Param('messageId') messageId: string): Promise<EmailMessageDto> {
    return toEmailMessageDto(await this.outbox.get(principal.tenantId, messageIdParam(messageId)));
  }

  @Post(':messageId/retry')
  @HttpCode(200)
  @Endpoint({
    operationId: 'retryEmailMessage',
    summary: 'Retry a failed or stored e-mail',
    description:
      'The message is pending again with a fresh set of tries, the first due now (a stored one is sent if SMTP_URL is now set, else stored again); ' +
      'a pending or sent one is 409 email-not-retryable.',
    roles: ['admin'],
    problems: ['validation', 'forbidden', 'not-found', 'conflict'],
  })
  @ApiParam({ name: 'messageId', example: 'push-6a1f0c9d' })
  @ApiOkResponse({ type: EmailMessageDto })
  async retryEmailMessage(@CurrentPrincipal() principal: Principal, @Param('messageId') messageId: string): Promise<EmailMessageDto> {
    return toEmailMessageDto(await this.outbox.retry(principal.tenantId, messageIdParam(messageId)));
  }
}
