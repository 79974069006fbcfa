import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { NotFoundError, fold } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { DeadlinePoller } from '../../platform/deadlines/deadline-poller.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { DiscussionCommand } from '../domain/discussion.commands.js';
import { discussionDecider } from '../domain/discussion.decider.js';
import type { DiscussionEvent } from '../domain/discussion.events.js';
import type { OpenDiscussion } from '../domain/discussion.state.js';
import { discussionStreamId } from '../domain/discussion.stream.js';

export interface LoadedDiscussion {
  state: OpenDiscussion;
  version: number;
  events: (RecordedEvent & DiscussionEvent)[];
}

export interface DiscussionWritten {
  state: OpenDiscussion;
  version: number;
  events: RecordedEvent[];
}

/** The events whose append schedules a step due at once (a turn, the outcome). */
const STARTS_A_STEP: ReadonlySet<string> = new Set(['TurnScheduled', 'ConsensusReached', 'UserDecided']);

/** Loads and changes discussions; another organization's discussion does not exist. */
@Injectable()
export class DiscussionRepository {
  constructor(
    private readonly store: EventStore,
    private readonly poller: DeadlinePoller,
  ) {}

  async load(tenantId: string, discussionId: string): Promise<LoadedDiscussion> {
    const events = await this.store.readStream<DiscussionEvent>(discussionStreamId(discussionId));
    const state = fold(discussionDecider, events);
    if (state.status === 'none' || state.organizationId !== tenantId) throw new NotFoundError('discussion', discussionId);
    return { state, version: events[events.length - 1].version, events };
  }

  /** Load → fold → decide → append; a concurrent append (a user posting during a turn) is decided again on fresh state. */
  async handle(
    context: CommandContext,
    discussionId: string,
    command: DiscussionCommand,
    options: { expectedVersion?: number; loaded?: LoadedDiscussion } = {},
  ): Promise<DiscussionWritten> {
    const decider =
      command.type === 'OpenDiscussion' ? discussionDecider : withinTenant(discussionDecider, context.tenantId, 'discussion', discussionId);
    const handled = await handleCommand(this.store, discussionStreamId(discussionId), decider, command, {
      metadata: metadataOf(correlatedBy(context, discussionId)),
      expectedVersion: options.expectedVersion,
      loaded: options.loaded?.events,
      retries: 10,
    });
    if (handled.state.status === 'none') throw new NotFoundError('discussion', discussionId);
    // The next step is due now: a turn should not wait for the poller's interval.
    if (handled.events.some((event) => STARTS_A_STEP.has(event.type))) this.poller.pollSoon();
    return { state: handled.state, version: handled.version, events: handled.events };
  }
}
