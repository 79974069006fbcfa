import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { NotFoundError, fold } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { BranchMessageCommand } from '../domain/branch-messages.commands.js';
import { branchMessagesDecider } from '../domain/branch-messages.decider.js';
import type { BranchMessageEvent } from '../domain/branch-messages.events.js';
import type { SessionCommand } from '../domain/session.commands.js';
import { sessionDecider } from '../domain/session.decider.js';
import type { SessionEvent } from '../domain/session.events.js';
import type { OpenSession } from '../domain/session.state.js';
import { branchStreamId, sessionStreamId } from '../domain/session.stream.js';
import { withBranchingProblems } from './branching-problem.js';

export interface LoadedSession {
  state: OpenSession;
  version: number;
  events: (RecordedEvent & SessionEvent)[];
}

/** Loads and changes sessions and their branches' message streams; another organization's session does not exist. */
@Injectable()
export class SessionRepository {
  constructor(private readonly store: EventStore) {}

  async load(tenantId: string, sessionId: string): Promise<LoadedSession> {
    const events = await this.store.readStream<SessionEvent>(sessionStreamId(sessionId));
    const state = fold(sessionDecider, events);
    if (state.status === 'none' || state.organizationId !== tenantId) throw new NotFoundError('session', sessionId);
    return { state, version: events[events.length - 1].version, events };
  }

  /** Load → fold → decide → append, retried on a concurrent append (a concurrent switch is decided again on fresh state). */
  async handle(
    context: CommandContext,
    sessionId: string,
    command: SessionCommand,
    options: { expectedVersion?: number; loaded?: LoadedSession } = {},
  ): Promise<{ state: OpenSession; version: number; events: RecordedEvent[] }> {
    const decider = command.type === 'StartSession' ? sessionDecider : withinTenant(sessionDecider, context.tenantId, 'session', sessionId);
    const handled = await withBranchingProblems(() =>
      handleCommand(this.store, sessionStreamId(sessionId), decider, command, {
        metadata: metadataOf(correlatedBy(context, sessionId)),
        expectedVersion: options.expectedVersion,
        loaded: options.loaded?.events,
        retries: 10,
      }),
    );
    if (handled.state.status === 'none') throw new NotFoundError('session', sessionId);
    return { state: handled.state, version: handled.version, events: handled.events };
  }

  /** Appends to a branch's own message stream, correlated by its session. */
  async handleMessage(context: CommandContext, sessionId: string, branchId: string, command: BranchMessageCommand) {
    return withBranchingProblems(() =>
      handleCommand<ReturnType<typeof branchMessagesDecider.initialState>, BranchMessageCommand, BranchMessageEvent>(
        this.store,
        branchStreamId(branchId),
        branchMessagesDecider,
        command,
        { metadata: metadataOf(correlatedBy(context, sessionId)), retries: 5 },
      ),
    );
  }
}
