import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import type { CommandContext } from '../../platform/decider/command-context.js';
import { complexityDecider } from '../domain/complexity.decider.js';
import { docsCacheDecider } from '../domain/docs-cache.decider.js';
import { estimateDecider } from '../domain/estimate.decider.js';
import type { RecordOnce } from '../domain/learning.commands.js';
import { recordOnceDecider } from '../domain/learning-record.decider.js';
import { complexityFileId, docsEntryId, learningStreamId } from '../domain/learning.stream.js';
import type { LearningKind } from '../domain/learning.types.js';
import { embeddedText, embeddedTextHash } from '../domain/similarity.js';
import { TextEmbedder, embeddingBytes } from '../../platform/llm/index.js';
import type { LearningWritten } from './learning-input.js';
import { LearningRepository } from './learning.repository.js';
import { RecordLearningCommand } from './record-learning.command.js';

/**
 * Routes a record to its stream and decider. Failures and retrospectives are embedded before the
 * append (a model call never holds the append's transaction), their vectors stored by text hash
 * where the inline projection picks them up; a record already there (a retried pipeline step) costs
 * a read and no model call.
 */
@CommandHandler(RecordLearningCommand)
export class RecordLearningHandler implements ICommandHandler<RecordLearningCommand> {
  constructor(
    private readonly repository: LearningRepository,
    private readonly embedder: TextEmbedder,
    private readonly db: Database,
  ) {}

  async execute({ context, recordId: id, input }: RecordLearningCommand): Promise<LearningWritten> {
    const organizationId = context.tenantId;
    const stamp = { by: context.actor, now: context.now };
    const record = (kind: LearningKind, what: string, streamKey = id) => ({ streamId: learningStreamId(kind, streamKey), what, id });
    switch (input.kind) {
      case 'failure': {
        const { kind: _kind, ...fields } = input;
        return this.once(context, record('failure', 'failure'), {
          type: 'RecordFailure',
          record: { failureId: id, organizationId, ...fields },
          ...stamp,
        });
      }
      case 'retrospective': {
        const { kind: _kind, ...fields } = input;
        return this.once(context, record('retrospective', 'retrospective'), {
          type: 'RecordRetrospective',
          record: { retrospectiveId: id, organizationId, ...fields },
          ...stamp,
        });
      }
      case 'spike': {
        const { kind: _kind, ...fields } = input;
        return this.once(context, record('spike', 'spike'), {
          type: 'RecordSpike',
          record: { spikeId: id, organizationId, ...fields },
          ...stamp,
        });
      }
      case 'pattern_usage': {
        const { kind: _kind, ...fields } = input;
        return this.once(context, record('pattern_usage', 'pattern usage'), {
          type: 'RecordPatternUsage',
          record: { usageId: id, organizationId, ...fields },
          ...stamp,
        });
      }
      case 'decision': {
        const { kind: _kind, ...fields } = input;
        return this.once(context, record('decision', 'decision'), {
          type: 'RecordDecision',
          record: { decisionId: id, organizationId, ...fields },
          ...stamp,
        });
      }
      case 'estimate': {
        const { kind: _kind, ...fields } = input;
        const { version } = await this.repository.handle(context, record('estimate', 'estimate'), estimateDecider, {
          type: 'RecordEstimate',
          record: { estimateId: id, organizationId, ...fields },
          ...stamp,
        });
        return { id, version };
      }
      case 'complexity_snapshot': {
        const target = record('complexity_snapshot', 'complexity snapshot', complexityFileId(organizationId, input.file.trim()));
        const { version } = await this.repository.handle(context, target, complexityDecider, {
          type: 'RecordComplexitySnapshot',
          record: { snapshotId: id, organizationId, file: input.file, metrics: input.metrics },
          ...stamp,
        });
        return { id, version };
      }
      case 'docs': {
        const entryId = docsEntryId(organizationId, input.library.trim(), input.version.trim());
        const { version } = await this.repository.handle(
          context,
          { streamId: learningStreamId('docs', entryId), what: 'docs entry', id: entryId },
          docsCacheDecider,
          {
            type: 'CacheDocs',
            record: {
              entryId,
              organizationId,
              library: input.library,
              version: input.version,
              content: input.content,
              sourceUrl: input.sourceUrl,
              expiresAt: input.expiresAt,
            },
            ...stamp,
          },
        );
        return { id: entryId, version };
      }
    }
  }

  private async once(
    context: CommandContext,
    target: { streamId: string; what: string; id: string },
    command: RecordOnce,
  ): Promise<LearningWritten> {
    const loaded = await this.repository.load(target.streamId, recordOnceDecider);
    if (loaded.state.status === 'none') {
      // Decided once up front so an invalid record costs no model call; the append decides again.
      const [event] = recordOnceDecider.decide(command, loaded.state);
      if (event.type === 'FailureRecorded' || event.type === 'RetrospectiveRecorded') {
        const embedding = await this.embedder.embed(context.tenantId, embeddedText(event.data));
        await this.db.query(
          `INSERT INTO learning_embeddings (record_id, text_sha256, model, vector) VALUES ($1, $2, $3, $4)
           ON CONFLICT (record_id, text_sha256) DO UPDATE SET model = EXCLUDED.model, vector = EXCLUDED.vector`,
          [target.id, embeddedTextHash(event.data), embedding.model, embeddingBytes(embedding.vector)],
        );
      }
    }
    const { version } = await this.repository.handle(context, target, recordOnceDecider, command, loaded);
    return { id: target.id, version };
  }
}
