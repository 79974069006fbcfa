import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { ChangeOutputCommand, type OutputChange } from '../application/change-output.command.js';
import { GetOutputQuery } from '../application/get-output.query.js';
import { clipboardOf } from '../domain/output-push.js';
import { EditOutputDto, OutputDto, PushOutputDto, PushResultDto, RegenerateOutputDto, RejectOutputDto, toOutputDto } from './output.dto.js';

const WORKERS = ['admin', 'operator', 'agent'] as const;
/** Approving and sending are a person's call: an agent drafts and edits, a person signs off. */
const PEOPLE = ['admin', 'operator'] as const;
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };
const ILLEGAL = '409 `…/problems/illegal-output-transition`';

/** Review a resolution document: read, edit, regenerate, approve, reject, push. */
@ApiTags('resolutions')
@ApiAuthenticated()
@Controller('api/v1/outputs/:outputId')
export class OutputsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'getOutput',
    summary: 'A resolution document',
    description:
      'Content, status (generating, draft, approved, rejected, pushed, failed), every version with who wrote it, and its pushes.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'outputId', format: 'uuid' })
  @ApiOkResponse({ type: OutputDto, headers: ETAG })
  async getOutput(
    @CurrentPrincipal() principal: Principal,
    @Param('outputId', uuidParam()) outputId: string,
  ): Promise<Versioned<OutputDto>> {
    const { output, version } = await this.queries.execute(new GetOutputQuery(principal.tenantId, outputId));
    return versioned(version, toOutputDto(output));
  }

  @Patch()
  @Endpoint({
    operationId: 'editOutput',
    summary: 'Edit a resolution document',
    description: `A new version by you; the document is a \`draft\` again (an approval no longer holds). Not while it is generating (${ILLEGAL}). Send If-Match with its ETag: a stale one answers 412.`,
    roles: WORKERS,
    ifMatch: true,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed'],
  })
  @ApiParam({ name: 'outputId', format: 'uuid' })
  @ApiOkResponse({ type: OutputDto, headers: ETAG })
  editOutput(@Param('outputId', uuidParam()) outputId: string, @Body() body: EditOutputDto, @Write() write: WriteContext) {
    return this.change(outputId, { kind: 'edit', content: body.content }, write);
  }

  @Post('regenerate')
  @HttpCode(200)
  @Endpoint({
    operationId: 'regenerateOutput',
    summary: 'Draft a resolution document again',
    description: `Back to \`generating\`, with your instructions for the model; the new draft becomes a new version. Not while it is generating (${ILLEGAL}).`,
    roles: WORKERS,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed'],
  })
  @ApiParam({ name: 'outputId', format: 'uuid' })
  @ApiOkResponse({ type: OutputDto, headers: ETAG })
  regenerateOutput(@Param('outputId', uuidParam()) outputId: string, @Body() body: RegenerateOutputDto, @Write() write: WriteContext) {
    return this.change(outputId, { kind: 'regenerate', instructions: body.instructions ?? null }, write);
  }

  @Post('approve')
  @HttpCode(200)
  @Endpoint({
    operationId: 'approveOutput',
    summary: 'Approve a resolution document',
    description: `Its current version may now be pushed. A document being drafted or whose drafting failed cannot be approved (${ILLEGAL}); approving it again changes nothing.`,
    roles: PEOPLE,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed'],
  })
  @ApiParam({ name: 'outputId', format: 'uuid' })
  @ApiOkResponse({ type: OutputDto, headers: ETAG })
  approveOutput(@Param('outputId', uuidParam()) outputId: string, @Write() write: WriteContext) {
    return this.change(outputId, { kind: 'approve' }, write);
  }

  @Post('reject')
  @HttpCode(200)
  @Endpoint({
    operationId: 'rejectOutput',
    summary: 'Reject a resolution document',
    description: `With why; edit or regenerate it afterwards. Not while generating, after a failure or once pushed (${ILLEGAL}).`,
    roles: PEOPLE,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed'],
  })
  @ApiParam({ name: 'outputId', format: 'uuid' })
  @ApiOkResponse({ type: OutputDto, headers: ETAG })
  rejectOutput(@Param('outputId', uuidParam()) outputId: string, @Body() body: RejectOutputDto, @Write() write: WriteContext) {
    return this.change(outputId, { kind: 'reject', reason: body.reason }, write);
  }

  @Post('push')
  @HttpCode(200)
  @Endpoint({
    operationId: 'pushOutput',
    summary: 'Push an approved resolution document',
    description:
      'To the PSA (the signed webhook, as a ticket note: internal for notes and article, customer-visible for the client summary; ' +
      '409 `…/problems/psa-not-configured` without a webhook taking `resolution`), the knowledge base (publishes the article; ' +
      'kb_article only, else 422 `…/problems/output-target-mismatch`), e-mail (`to`; through SMTP, or the e-mail outbox when none ' +
      `is configured) or the clipboard (the text, in the answer). Only approved documents (${ILLEGAL}). Each push is recorded; ` +
      'pushing the same version to the same target again answers the first push and sends nothing.',
    roles: PEOPLE,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict', 'precondition-failed', 'domain-rule'],
  })
  @ApiParam({ name: 'outputId', format: 'uuid' })
  @ApiOkResponse({ type: PushResultDto, headers: ETAG })
  async pushOutput(
    @Param('outputId', uuidParam()) outputId: string,
    @Body() body: PushOutputDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<PushResultDto>> {
    if (body.to !== undefined && body.target !== 'email')
      throw new ProblemError(
        problem('validation', '`to` is for `email` only', { errors: [{ field: 'to', messages: ['to is for email only'] }] }),
      );
    const written = await this.commands.execute(
      new ChangeOutputCommand(context, outputId, { kind: 'push', target: body.target, to: body.to ?? null }, expectedVersion),
    );
    const output = written.output;
    const push = output.pushes.filter((p) => p.target === body.target && p.version === output.contentVersion).at(-1)!;
    return versioned(written.version, {
      output: toOutputDto(output),
      push,
      clipboard: body.target === 'clipboard' && output.content !== null ? clipboardOf(output.content) : null,
    });
  }

  private async change(outputId: string, change: OutputChange, { context, expectedVersion }: WriteContext): Promise<Versioned<OutputDto>> {
    const written = await this.commands.execute(new ChangeOutputCommand(context, outputId, change, expectedVersion));
    return versioned(written.version, toOutputDto(written.output));
  }
}
