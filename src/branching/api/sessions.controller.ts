import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { AttachFileCommand } from '../application/attach-file.command.js';
import { type BranchTransition, ChangeBranchCommand } from '../application/change-branch.command.js';
import { ACCEPTED_ATTACHMENT_TYPES, attachmentMaxBytes } from '../attachments/index.js';
import { SingleFileUpload, type UploadedFileData, UploadedSingleFile } from '../../platform/http/upload/index.js';
import { AttachmentDto, toAttachmentDto } from './attachment.dto.js';
import { ForkSessionCommand } from '../application/fork-session.command.js';
import { GetBranchMessagesQuery } from '../application/get-branch-messages.query.js';
import { GetSessionQuery } from '../application/get-session.query.js';
import { ListSessionsQuery } from '../application/list-sessions.query.js';
import { PostBranchMessageCommand } from '../application/post-branch-message.command.js';
import { StartSessionCommand } from '../application/start-session.command.js';
import { SuggestHypothesesQuery } from '../application/suggest-hypotheses.query.js';
import {
  BranchExchangeDto,
  BranchMessagesDto,
  BranchReasonDto,
  ForkSessionDto,
  ListSessionsQueryDto,
  PostBranchMessageDto,
  ReviveBranchDto,
  SessionDto,
  SessionSummaryPageDto,
  StartSessionDto,
  SuggestionsDto,
  toBranchExchangeDto,
  toBranchMessageDto,
  toSessionDto,
  toSessionSummaryDto,
} from './session.dto.js';

const WORKERS = ['admin', 'operator', 'agent'] as const;
// The platform's shared header definitions, referenced here so the session's answers document their ETag (and Location).
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };
const CREATED = { ...ETAG, Location: { $ref: '#/components/headers/Location' } };
const TRANSITION =
  'An illegal transition for the branch’s status answers 409 with type `…/problems/illegal-branch-transition` (its `branchStatus` and `transition`).';

type EndpointProblems = Parameters<typeof Endpoint>[0]['problems'];

/** A POST that moves a branch (switch, dead end, solved, revive): 200 with the session and its ETag, If-Match honoured. */
function BranchTransitionEndpoint(
  path: string,
  doc: { operationId: string; summary: string; description: string; problems?: EndpointProblems },
) {
  return applyDecorators(
    Post(`:sessionId/branches/:branchId/${path}`),
    HttpCode(200),
    Endpoint({ problems: ['validation', 'not-found', 'conflict'], ...doc, roles: WORKERS, idempotent: true, ifMatch: true }),
    ApiParam({ name: 'sessionId', format: 'uuid' }),
    ApiParam({ name: 'branchId', format: 'uuid' }),
    ApiOkResponse({ type: SessionDto, headers: ETAG }),
  );
}

/** Troubleshooting sessions that explore several hypotheses at once: fork, switch, conclude, revive, talk on a branch. */
@ApiTags('branching')
@ApiAuthenticated()
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Endpoint({
    operationId: 'startSession',
    summary: 'Start a troubleshooting session',
    description: 'Opens a session (status `active`) with its root branch, which is the active one.',
    roles: WORKERS,
    idempotent: true,
    problems: ['validation', 'not-found'],
  })
  @ApiCreatedResponse({ type: SessionDto, description: 'The session; ETag is its version', headers: CREATED })
  async startSession(@Body() body: StartSessionDto, @Write() { context }: WriteContext): Promise<Versioned<SessionDto>> {
    const sessionId = randomUUID();
    const written = await this.commands.execute(
      new StartSessionCommand(
        context,
        sessionId,
        randomUUID(),
        body.problem,
        body.domain ?? null,
        body.squadId ?? null,
        body.title ?? null,
      ),
    );
    return versioned(written.version, toSessionDto(written.session), { Location: `/api/v1/sessions/${sessionId}` });
  }

  @Get()
  @Endpoint({
    operationId: 'listSessions',
    summary: 'List sessions',
    description: 'Oldest first, filtered by status and squad; cursor-paginated.',
    roles: WORKERS,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: SessionSummaryPageDto })
  async listSessions(@CurrentPrincipal() principal: Principal, @Query() query: ListSessionsQueryDto): Promise<SessionSummaryPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(
      new ListSessionsQuery(
        principal.tenantId,
        { status: query.status, squadId: query.squadId },
        { after: decodeCursor(query.cursor), limit },
      ),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toSessionSummaryDto(row.view),
    );
  }

  @Get(':sessionId')
  @Endpoint({
    operationId: 'getSession',
    summary: 'A session with its branch tree',
    description:
      'Status, branches with their statuses and message counts, the active branch, token usage and time active; ETag is its version.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiOkResponse({ type: SessionDto, headers: ETAG })
  async getSession(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', uuidParam()) sessionId: string,
  ): Promise<Versioned<SessionDto>> {
    const view = await this.queries.execute(new GetSessionQuery(principal.tenantId, sessionId));
    return versioned(view.version, toSessionDto(view));
  }

  @Post(':sessionId/suggestions')
  @HttpCode(200)
  @Endpoint({
    operationId: 'suggestHypotheses',
    summary: 'Suggest hypotheses to fork into',
    description:
      '2–5 options {label, description, likelihood, firstCheck} from the model, given the problem and the branches so far; stores nothing.',
    roles: WORKERS,
    problems: ['validation', 'not-found', 'unavailable'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiOkResponse({ type: SuggestionsDto })
  async suggestHypotheses(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', uuidParam()) sessionId: string,
  ): Promise<SuggestionsDto> {
    return { options: await this.queries.execute(new SuggestHypothesesQuery(principal.tenantId, sessionId)) };
  }

  @Post(':sessionId/fork')
  @Endpoint({
    operationId: 'forkSession',
    summary: 'Fork a branch into hypotheses',
    description:
      'Creates a fork point and one `untried` branch per option (2–10); the first becomes the active branch unless `activateFirst` is false. ' +
      'The new branches reference the fork position (nothing is copied), so forking a long history costs what forking a short one does. ' +
      'More options than the organization’s plan allows per fork point (free 2, pro 5, team 10, enterprise unlimited) answers 403 with type ' +
      '`…/problems/plan-limit` naming the `limit`. ' +
      TRANSITION,
    roles: WORKERS,
    idempotent: true,
    ifMatch: true,
    problems: ['validation', 'forbidden', 'not-found', 'conflict', 'domain-rule'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiCreatedResponse({ type: SessionDto, description: 'The session with its new branches', headers: ETAG })
  async forkSession(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Body() body: ForkSessionDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    const written = await this.commands.execute(
      new ForkSessionCommand(
        context,
        sessionId,
        body.fromBranchId,
        body.atMessageId ?? null,
        body.reason,
        body.options.map((option) => ({ label: option.label, description: option.description })),
        body.activateFirst ?? true,
        randomUUID(),
        body.options.map(() => randomUUID()),
        expectedVersion,
      ),
    );
    return versioned(written.version, toSessionDto(written.session));
  }

  @BranchTransitionEndpoint('switch', {
    operationId: 'switchBranch',
    summary: 'Make a branch the active one',
    description:
      'Exactly one branch is active; the previous one keeps its status. An untried branch becomes `active`. Dead ends must be revived first. ' +
      TRANSITION,
  })
  async switchBranch(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    return this.changeBranch(sessionId, branchId, { kind: 'switch' }, { context, expectedVersion });
  }

  @BranchTransitionEndpoint('dead-end', {
    operationId: 'markBranchDeadEnd',
    summary: 'Mark a branch a dead end',
    description: 'Records the reason, who and when. ' + TRANSITION,
  })
  async markBranchDeadEnd(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
    @Body() body: BranchReasonDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    return this.changeBranch(sessionId, branchId, { kind: 'dead_end', reason: body.reason }, { context, expectedVersion });
  }

  @BranchTransitionEndpoint('solved', {
    operationId: 'markBranchSolved',
    summary: 'Mark a branch solved',
    description: 'Records the reason, who and when; the session becomes `solved`. ' + TRANSITION,
  })
  async markBranchSolved(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
    @Body() body: BranchReasonDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    return this.changeBranch(sessionId, branchId, { kind: 'solved', reason: body.reason }, { context, expectedVersion });
  }

  @BranchTransitionEndpoint('revive', {
    operationId: 'reviveBranch',
    summary: 'Revive a dead end with evidence from another branch',
    description:
      'The dead end becomes the active branch again (status `revived`) with a system note carrying the evidence in its history. Evidence ' +
      'from the same branch answers 422 with type `…/problems/evidence-from-same-branch`. ' +
      TRANSITION,
    problems: ['validation', 'not-found', 'conflict', 'domain-rule'],
  })
  async reviveBranch(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
    @Body() body: ReviveBranchDto,
    @Write() { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    const revival = { evidenceFromBranchId: body.evidenceFromBranchId, evidence: body.evidence, noteMessageId: randomUUID() };
    return this.changeBranch(sessionId, branchId, { kind: 'revive', ...revival }, { context, expectedVersion });
  }

  @Post(':sessionId/branches/:branchId/attachments')
  @Endpoint({
    operationId: 'attachFileToBranch',
    summary: 'Attach a file to a branch',
    description:
      'Reads the file once (text, Markdown, logs, CSV and JSON as text; PDF text extracted; images described by a vision-capable provider, ' +
      'offline by format, size and what can be known), stores it by SHA-256 outside the events and records it on the branch. A long text ' +
      'is summarized and capped. Cite its `id` in a message’s `attachmentIds` to put it in the branch’s prompts. Only an active or revived ' +
      'branch takes files (409 `…/problems/illegal-branch-transition`); a refused upload stores nothing. Bytes that are not their declared ' +
      'type answer 422 (`attachment_unreadable`).',
    roles: WORKERS,
    // Not idempotent by key: the idempotency fingerprint reads the body before the upload is parsed.
    problems: ['validation', 'not-found', 'conflict', 'domain-rule'],
  })
  @SingleFileUpload({
    field: 'file',
    maxBytes: attachmentMaxBytes(),
    contentTypes: ACCEPTED_ATTACHMENT_TYPES,
    description: 'The file, as `multipart/form-data` field `file` (limit set by ATTACHMENT_MAX_BYTES, default 10 MiB)',
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiParam({ name: 'branchId', format: 'uuid' })
  @ApiCreatedResponse({ type: AttachmentDto, description: 'The attachment; ETag is the session’s version', headers: ETAG })
  async attachFileToBranch(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
    @UploadedSingleFile() file: UploadedFileData,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<AttachmentDto>> {
    const written = await this.commands.execute(new AttachFileCommand(context, sessionId, branchId, file, randomUUID()));
    return versioned(written.version, toAttachmentDto(written.attachment));
  }

  @Post(':sessionId/branches/:branchId/messages')
  @Endpoint({
    operationId: 'postBranchMessage',
    summary: 'Send a message on a branch',
    description:
      'Stores the message and answers with the assistant’s reply. The model gets the session’s problem, the branch’s inherited history, ' +
      'a summary of the other branches (active, untried, revived, dead ends with their reasons, solved) and any revival evidence, within a ' +
      'prompt budget (older turns condensed, never silently cut). A branch that is untried, a dead end or solved takes no messages (409 ' +
      '`…/problems/illegal-branch-transition`).',
    roles: WORKERS,
    idempotent: true,
    problems: ['validation', 'not-found', 'conflict', 'unavailable'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiParam({ name: 'branchId', format: 'uuid' })
  @ApiCreatedResponse({ type: BranchExchangeDto })
  async postBranchMessage(
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
    @Body() body: PostBranchMessageDto,
    @Write() { context }: WriteContext,
  ): Promise<BranchExchangeDto> {
    const exchange = await this.commands.execute(
      new PostBranchMessageCommand(context, sessionId, branchId, body.text, body.attachmentIds ?? [], randomUUID(), randomUUID()),
    );
    return toBranchExchangeDto(exchange);
  }

  @Get(':sessionId/branches/:branchId/messages')
  @Endpoint({
    operationId: 'listBranchMessages',
    summary: 'A branch’s history',
    description: 'The history inherited up to the fork, then the branch’s own messages, each naming the branch it belongs to.',
    roles: WORKERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiParam({ name: 'branchId', format: 'uuid' })
  @ApiOkResponse({ type: BranchMessagesDto })
  async listBranchMessages(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', uuidParam()) sessionId: string,
    @Param('branchId', uuidParam()) branchId: string,
  ): Promise<BranchMessagesDto> {
    const messages = await this.queries.execute(new GetBranchMessagesQuery(principal.tenantId, sessionId, branchId));
    return { items: messages.map(toBranchMessageDto) };
  }

  private async changeBranch(
    sessionId: string,
    branchId: string,
    transition: BranchTransition,
    { context, expectedVersion }: WriteContext,
  ): Promise<Versioned<SessionDto>> {
    const written = await this.commands.execute(new ChangeBranchCommand(context, sessionId, branchId, transition, expectedVersion));
    return versioned(written.version, toSessionDto(written.session));
  }
}
