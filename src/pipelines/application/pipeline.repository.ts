import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { DecisionsInTurn } from '../../platform/decider/decisions-in-turn.js';
import { FoldedStreamCache } from '../../platform/decider/folded-stream-cache.js';
import { DeadlinePoller } from '../../platform/deadlines/deadline-poller.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { PipelineCommand } from '../domain/pipeline.commands.js';
import { pipelineDecider } from '../domain/pipeline.decider.js';
import { pipelineStreamId } from '../domain/pipeline.stream.js';
import type { PipelineState } from '../domain/pipeline.state.js';

/** Pipelines whose fold is kept between their phases' commands: a hint (caught up with the store, the append still checks the version). */
const PIPELINES_KEPT = 500;

/**
 * Decides pipeline commands on the pipeline's stream. A phase attempt's first try is a deadline due
 * at once (armed by the inline projection): the poller is told, so the next phase starts now rather
 * than at its next interval.
 */
@Injectable()
export class PipelineRepository {
  private readonly inTurn = new DecisionsInTurn();
  private readonly folds = new FoldedStreamCache<PipelineState>(PIPELINES_KEPT);

  constructor(
    private readonly store: EventStore,
    private readonly poller: DeadlinePoller,
  ) {}

  async handle(context: CommandContext, command: PipelineCommand): Promise<{ version: number; appended: boolean }> {
    const streamId = pipelineStreamId(command.pipelineId);
    const handled = await this.inTurn.handle(this.store, streamId, pipelineDecider, command, {
      metadata: metadataOf(correlatedBy(context, command.pipelineId)),
      snapshot: this.folds.get(streamId),
      retries: 10,
    });
    this.folds.remember(streamId, { state: handled.state, version: handled.version });
    if (handled.events.some((event) => event.type === 'PipelinePhaseStarted' || event.type === 'PipelineCompleted')) this.poller.pollSoon();
    return { version: handled.version, appended: handled.events.length > 0 };
  }
}
