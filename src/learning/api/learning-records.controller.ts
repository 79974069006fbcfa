import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Clock } from '../../platform/decider/clock.js';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Page, PageQueryDto, decodeCursor, pageLimit, pageOf } from '../../platform/http/pagination.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { CompleteEstimateCommand } from '../application/complete-estimate.command.js';
import type { LearningInput } from '../application/learning-input.js';
import { LESSONS } from '../application/learning-records.js';
import {
  ComplexityWarningsQuery,
  CorrectionFactorQuery,
  GetLearningQuery,
  ListLearningQuery,
  SimilarFailuresQuery,
} from '../application/learning.queries.js';
import type { Keyed, LearningFilters, LearningViews, ListedKind } from '../application/learning.views.js';
import { RecordLearningCommand } from '../application/record-learning.command.js';
import { TREND_LIMIT, TREND_WINDOW } from '../domain/complexity.decider.js';
import { SIMILARITY_THRESHOLD } from '../domain/similarity.js';
import { LEARNING_LIMITS } from '../domain/learning.types.js';
import {
  CacheDocsDto,
  CompleteEstimateDto,
  ComplexitySnapshotDto,
  ComplexitySnapshotPageDto,
  ComplexityWarningPageDto,
  CorrectionFactorDto,
  CorrectionFactorQueryDto,
  DEFAULT_SIMILAR_LIMIT,
  DecisionDto,
  DecisionPageDto,
  DocsCacheEntryDto,
  DocsCacheEntryPageDto,
  EstimateDto,
  EstimatePageDto,
  FailureDto,
  FailurePageDto,
  ListDecisionsQueryDto,
  ListDocsQueryDto,
  ListEstimatesQueryDto,
  ListPatternUsageQueryDto,
  ListSnapshotsQueryDto,
  ListSpikesQueryDto,
  PatternUsageDto,
  PatternUsagePageDto,
  PipelineFilterDto,
  RecordComplexitySnapshotDto,
  RecordDecisionDto,
  RecordEstimateDto,
  RecordFailureDto,
  RecordPatternUsageDto,
  RecordRetrospectiveDto,
  RecordSpikeDto,
  RetrospectiveDto,
  RetrospectivePageDto,
  SimilarFailuresDto,
  SimilarFailuresQueryDto,
  SpikeDto,
  SpikePageDto,
  decisionInput,
  docsInput,
  estimateInput,
  failureInput,
  patternUsageInput,
  retrospectiveInput,
  snapshotInput,
  spikeInput,
  toComplexitySnapshotDto,
  toComplexityWarningDto,
  toDecisionDto,
  toDocsCacheEntryDto,
  toEstimateDto,
  toFailureDto,
  toPatternUsageDto,
  toRetrospectiveDto,
  toSimilarFailureDto,
  toSpikeDto,
} from './learning.dto.js';

/** Any member reads the records (agents included: pipelines learn from them). */
const READERS = ['admin', 'operator', 'agent'] as const;
/**
 * Writing by hand is for people, as in the knowledge base: agents' lessons arrive through their
 * pipeline run (PipelineLearning.recordRun), which the pipelines module records as the system.
 */
const WRITERS = ['admin', 'operator'] as const;
const LIST = { roles: READERS, problems: ['validation'] as const };
/** A body the API accepts can still break a record's rule (e.g. an expiry not after now): 422. */
const WRITE = { roles: WRITERS, idempotent: true, problems: ['validation', 'domain-rule'] as const };
const bool = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');

/**
 * Learning records (issue 17): what pipeline runs and people learnt, recorded once each, listed with
 * filters and cursors. Pipelines record through PipelineLearning; these routes are for people and
 * tools.
 */
@ApiTags('learning')
@ApiAuthenticated()
@Controller('api/v1')
export class LearningRecordsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  // ----- failures -----

  @Post('failures')
  @Endpoint({
    operationId: 'createFailure',
    summary: 'Record a failure',
    description: 'What was tried, why it failed, the lesson. Its feature is embedded for similarity search.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: FailureDto })
  async createFailure(@Body() body: RecordFailureDto, @Write() { context }: WriteContext): Promise<FailureDto> {
    return toFailureDto(await this.record('failure', failureInput(body), context));
  }

  @Get('failures')
  @Endpoint({
    operationId: 'listFailures',
    summary: 'List failures',
    description: 'In the order recorded; filter by pipeline; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: FailurePageDto })
  async listFailures(@CurrentPrincipal() principal: Principal, @Query() query: PipelineFilterDto): Promise<FailurePageDto> {
    return this.list(principal, 'failure', { pipelineId: query.pipelineId }, query, toFailureDto);
  }

  @Get('failures/similar')
  @Endpoint({
    operationId: 'searchSimilarFailures',
    summary: 'Failures similar to a feature',
    description:
      `Failures whose feature is similar to \`q\`, most similar first: the cosine similarity of the embeddings of \`q\` and each ` +
      `failure's feature (through the gateway's embedding model; the offline hashed embedding without a provider), at least ` +
      `${SIMILARITY_THRESHOLD}. That threshold keeps unrelated failures out (they score below about 0.2 offline and around 0.1–0.25 ` +
      `with provider models) while texts about the same feature score above 0.4. \`q\` has at most ${LEARNING_LIMITS.query} characters (400 beyond).`,
    ...LIST,
  })
  @ApiOkResponse({ type: SimilarFailuresDto })
  async searchSimilarFailures(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SimilarFailuresQueryDto,
  ): Promise<SimilarFailuresDto> {
    const hits = await this.queries.execute(new SimilarFailuresQuery(principal.tenantId, query.q, query.limit ?? DEFAULT_SIMILAR_LIMIT));
    return { items: hits.map(toSimilarFailureDto), threshold: SIMILARITY_THRESHOLD };
  }

  @Get('failures/:failureId')
  @Endpoint({ operationId: 'getFailure', summary: 'A failure', roles: READERS, problems: ['validation', 'not-found'] })
  @ApiParam({ name: 'failureId', format: 'uuid' })
  @ApiOkResponse({ type: FailureDto })
  async getFailure(@CurrentPrincipal() principal: Principal, @Param('failureId', uuidParam()) id: string): Promise<FailureDto> {
    return toFailureDto(await this.queries.execute(new GetLearningQuery(principal.tenantId, 'failure', id)));
  }

  // ----- estimates -----

  @Post('estimates')
  @Endpoint({
    operationId: 'createEstimate',
    summary: 'Record an estimate',
    description: 'Sessions are whole and more than 0, complexity 1–10. With `actualSessions` the estimate is completed at once.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: EstimateDto })
  async createEstimate(@Body() body: RecordEstimateDto, @Write() { context }: WriteContext): Promise<EstimateDto> {
    return toEstimateDto(await this.record('estimate', estimateInput(body), context));
  }

  @Get('estimates')
  @Endpoint({
    operationId: 'listEstimates',
    summary: 'List estimates',
    description: 'In the order recorded; filter by pipeline and completion; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: EstimatePageDto })
  async listEstimates(@CurrentPrincipal() principal: Principal, @Query() query: ListEstimatesQueryDto): Promise<EstimatePageDto> {
    return this.list(principal, 'estimate', { pipelineId: query.pipelineId, completed: bool(query.completed) }, query, toEstimateDto);
  }

  @Get('estimates/correction-factor')
  @Endpoint({
    operationId: 'getEstimateCorrectionFactor',
    summary: 'The estimate correction factor',
    description: `The mean of actual / estimated sessions over the estimates completed in the last \`days\` (default ${LESSONS.correctionDays}); \`factor\` is null without one. Multiply a new estimate by it.`,
    ...LIST,
  })
  @ApiOkResponse({ type: CorrectionFactorDto })
  getEstimateCorrectionFactor(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CorrectionFactorQueryDto,
  ): Promise<CorrectionFactorDto> {
    return this.queries.execute(new CorrectionFactorQuery(principal.tenantId, query.days ?? LESSONS.correctionDays));
  }

  @Get('estimates/:estimateId')
  @Endpoint({ operationId: 'getEstimate', summary: 'An estimate', roles: READERS, problems: ['validation', 'not-found'] })
  @ApiParam({ name: 'estimateId', format: 'uuid' })
  @ApiOkResponse({ type: EstimateDto })
  async getEstimate(@CurrentPrincipal() principal: Principal, @Param('estimateId', uuidParam()) id: string): Promise<EstimateDto> {
    return toEstimateDto(await this.queries.execute(new GetLearningQuery(principal.tenantId, 'estimate', id)));
  }

  @Post('estimates/:estimateId/complete')
  @HttpCode(200)
  @Endpoint({
    operationId: 'markEstimateComplete',
    summary: 'Complete an estimate',
    description:
      'How many sessions the work took. Again with the same figure changes nothing; another figure answers 409 `…/problems/estimate-already-completed`.',
    roles: WRITERS,
    problems: ['validation', 'not-found', 'conflict', 'domain-rule'],
  })
  @ApiParam({ name: 'estimateId', format: 'uuid' })
  @ApiOkResponse({ type: EstimateDto })
  async markEstimateComplete(
    @Param('estimateId', uuidParam()) id: string,
    @Body() body: CompleteEstimateDto,
    @Write() { context }: WriteContext,
  ): Promise<EstimateDto> {
    await this.commands.execute(new CompleteEstimateCommand(context, id, body.actualSessions));
    return toEstimateDto(await this.queries.execute(new GetLearningQuery(context.tenantId, 'estimate', id)));
  }

  // ----- retrospectives, spikes -----

  @Post('retrospectives')
  @Endpoint({
    operationId: 'createRetrospective',
    summary: 'Record a retrospective',
    description: 'Pipelines record theirs at the end of a run; this is for one written by hand.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: RetrospectiveDto })
  async createRetrospective(@Body() body: RecordRetrospectiveDto, @Write() { context }: WriteContext): Promise<RetrospectiveDto> {
    return toRetrospectiveDto(await this.record('retrospective', retrospectiveInput(body), context));
  }

  @Get('retrospectives')
  @Endpoint({
    operationId: 'listRetrospectives',
    summary: 'List retrospectives',
    description: 'In the order recorded; filter by pipeline; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: RetrospectivePageDto })
  async listRetrospectives(@CurrentPrincipal() principal: Principal, @Query() query: PipelineFilterDto): Promise<RetrospectivePageDto> {
    return this.list(principal, 'retrospective', { pipelineId: query.pipelineId }, query, toRetrospectiveDto);
  }

  @Post('spikes')
  @Endpoint({
    operationId: 'createSpike',
    summary: 'Record a spike',
    description: 'A feasibility experiment: the question, the approach, the result and whether it is viable.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: SpikeDto })
  async createSpike(@Body() body: RecordSpikeDto, @Write() { context }: WriteContext): Promise<SpikeDto> {
    return toSpikeDto(await this.record('spike', spikeInput(body), context));
  }

  @Get('spikes')
  @Endpoint({
    operationId: 'listSpikes',
    summary: 'List spikes',
    description: 'In the order recorded; filter by pipeline and viability; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: SpikePageDto })
  async listSpikes(@CurrentPrincipal() principal: Principal, @Query() query: ListSpikesQueryDto): Promise<SpikePageDto> {
    return this.list(principal, 'spike', { pipelineId: query.pipelineId, viable: bool(query.viable) }, query, toSpikeDto);
  }

  // ----- complexity -----

  @Post('complexity-snapshots')
  @Endpoint({
    operationId: 'createComplexitySnapshot',
    summary: 'Record a file’s complexity',
    description:
      `A snapshot of a file's metrics. The file warns while its complexityScore is more than ${TREND_LIMIT}× the oldest score of its ` +
      `last ${TREND_WINDOW} snapshots (this one included): the answer's \`warning\`, and a \`ComplexityWarningStarted\` event when it starts.`,
    ...WRITE,
  })
  @ApiCreatedResponse({ type: ComplexitySnapshotDto })
  async createComplexitySnapshot(
    @Body() body: RecordComplexitySnapshotDto,
    @Write() { context }: WriteContext,
  ): Promise<ComplexitySnapshotDto> {
    return toComplexitySnapshotDto(await this.record('complexity_snapshot', snapshotInput(body), context));
  }

  @Get('complexity-snapshots')
  @Endpoint({
    operationId: 'listComplexitySnapshots',
    summary: 'List complexity snapshots',
    description: 'In the order recorded; filter by file; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: ComplexitySnapshotPageDto })
  async listComplexitySnapshots(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSnapshotsQueryDto,
  ): Promise<ComplexitySnapshotPageDto> {
    return this.list(principal, 'complexity_snapshot', { file: query.file }, query, toComplexitySnapshotDto);
  }

  @Get('complexity-snapshots/warnings')
  @Endpoint({
    operationId: 'listComplexityWarnings',
    summary: 'Files whose complexity grows too fast',
    description: `The active trend warnings (more than ${TREND_LIMIT}× over the last ${TREND_WINDOW} snapshots), in the order they started; cursor-paginated.`,
    ...LIST,
  })
  @ApiOkResponse({ type: ComplexityWarningPageDto })
  async listComplexityWarnings(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PipelineFilterDto,
  ): Promise<ComplexityWarningPageDto> {
    const limit = pageLimit(query);
    const rows = await this.queries.execute(new ComplexityWarningsQuery(principal.tenantId, { after: decodeCursor(query.cursor), limit }));
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => toComplexityWarningDto(row.view),
    );
  }

  // ----- pattern usage -----

  @Post('pattern-usages')
  @Endpoint({
    operationId: 'createPatternUsage',
    summary: 'Record a pattern’s use',
    description: 'Followed, deviated from or failed, with an optional compliance score.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: PatternUsageDto })
  async createPatternUsage(@Body() body: RecordPatternUsageDto, @Write() { context }: WriteContext): Promise<PatternUsageDto> {
    return toPatternUsageDto(await this.record('pattern_usage', patternUsageInput(body), context));
  }

  @Get('pattern-usages')
  @Endpoint({
    operationId: 'listPatternUsages',
    summary: 'List pattern usage',
    description: 'In the order recorded; filter by pipeline, pattern and outcome; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: PatternUsagePageDto })
  async listPatternUsages(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPatternUsageQueryDto,
  ): Promise<PatternUsagePageDto> {
    return this.list(
      principal,
      'pattern_usage',
      { pipelineId: query.pipelineId, pattern: query.pattern, outcome: query.outcome },
      query,
      toPatternUsageDto,
    );
  }

  // ----- docs cache -----

  @Post('docs-cache')
  @Endpoint({
    operationId: 'createDocsCacheEntry',
    summary: 'Cache a library’s documentation',
    description:
      'One entry per library (case-insensitive) and version: a newer fetch replaces its content and expiry. Expires after 7 days unless `expiresAt` says otherwise.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: DocsCacheEntryDto })
  async createDocsCacheEntry(@Body() body: CacheDocsDto, @Write() { context }: WriteContext): Promise<DocsCacheEntryDto> {
    return toDocsCacheEntryDto(await this.record('docs', docsInput(body), context));
  }

  @Get('docs-cache')
  @Endpoint({
    operationId: 'listDocsCache',
    summary: 'List the documentation cache',
    description: 'Oldest fetch first; filter by library and version; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: DocsCacheEntryPageDto })
  async listDocsCache(@CurrentPrincipal() principal: Principal, @Query() query: ListDocsQueryDto): Promise<DocsCacheEntryPageDto> {
    return this.list(principal, 'docs', { library: query.library, version: query.version }, query, toDocsCacheEntryDto);
  }

  @Get('docs-cache/stale')
  @Endpoint({
    operationId: 'listStaleDocs',
    summary: 'Expired documentation',
    description: 'Entries past their expiry, oldest fetch first: what to fetch again; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: DocsCacheEntryPageDto })
  async listStaleDocs(@CurrentPrincipal() principal: Principal, @Query() query: ListDocsQueryDto): Promise<DocsCacheEntryPageDto> {
    const filters = { library: query.library, version: query.version, expiredBefore: this.clock.now().toISOString() };
    return this.list(principal, 'docs', filters, query, toDocsCacheEntryDto);
  }

  // ----- decisions -----

  @Post('decisions')
  @Endpoint({
    operationId: 'createDecision',
    summary: 'Record a decision',
    description: 'Pipelines record their runs’ decisions; this is for one taken by hand. Listed in decisions.md.',
    ...WRITE,
  })
  @ApiCreatedResponse({ type: DecisionDto })
  async createDecision(@Body() body: RecordDecisionDto, @Write() { context }: WriteContext): Promise<DecisionDto> {
    return toDecisionDto(await this.record('decision', decisionInput(body), context));
  }

  @Get('decisions')
  @Endpoint({
    operationId: 'listDecisions',
    summary: 'List decisions',
    description: 'In the order recorded; filter by pipeline and phase; cursor-paginated.',
    ...LIST,
  })
  @ApiOkResponse({ type: DecisionPageDto })
  async listDecisions(@CurrentPrincipal() principal: Principal, @Query() query: ListDecisionsQueryDto): Promise<DecisionPageDto> {
    return this.list(principal, 'decision', { pipelineId: query.pipelineId, phase: query.phase }, query, toDecisionDto);
  }

  /** Records under a new id and reads the record back (the projection is inline). */
  private async record<K extends ListedKind & LearningInput['kind']>(
    kind: K,
    input: Extract<LearningInput, { kind: K }>,
    context: WriteContext['context'],
  ): Promise<LearningViews[K]> {
    const written = await this.commands.execute(new RecordLearningCommand(context, randomUUID(), input));
    return this.queries.execute(new GetLearningQuery(context.tenantId, kind, written.id));
  }

  private async list<K extends ListedKind, Dto>(
    principal: Principal,
    kind: K,
    filters: LearningFilters,
    query: PageQueryDto,
    map: (view: LearningViews[K]) => Dto,
  ): Promise<Page<Dto>> {
    const limit = pageLimit(query);
    const rows: Keyed<LearningViews[K]>[] = await this.queries.execute(
      new ListLearningQuery(principal.tenantId, kind, filters, { after: decodeCursor(query.cursor), limit }),
    );
    return pageOf(
      rows,
      limit,
      (row) => row.key,
      (row) => map(row.view),
    );
  }
}
