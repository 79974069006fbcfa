import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { FoldedStreamCache } from '../../platform/decider/folded-stream-cache.js';
import { readFolded } from '../../platform/decider/folded-stream.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { BranchMessageCommand } from '../domain/branch-messages.commands.js';
import { branchMessagesDecider } from '../domain/branch-messages.decider.js';
import type { BranchMessageEvent } from '../domain/branch-messages.events.js';
import type { SessionCommand } from '../domain/session.commands.js';
import { sessionDecider } from '../domain/session.decider.js';
import type { SessionEvent } from '../domain/session.events.js';
import type { OpenSession, SessionState } from '../domain/session.state.js';
import { branchStreamId, sessionStreamId } from '../domain/session.stream.js';

/** A session folded through `version`, as the store had it when it was loaded. */
export interface LoadedSession {
  state: OpenSession;
  version: number;
}

/**
 * Sessions whose fold is kept between commands. A session gains a structure event per fork, and
 * folding hundreds of them again on every command cost more than the rest of a fork (the fold copies
 * the branch map per event); a kept fold is caught up with the events after it instead.
 */
const SESSIONS_KEPT = 100;

/** Loads and changes sessions and their branches' message streams; another organization's session does not exist. */
@Injectable()
export class SessionRepository {
  private readonly folds = new FoldedStreamCache<SessionState>(SESSIONS_KEPT);

  constructor(private readonly store: EventStore) {}

  async load(tenantId: string, sessionId: string): Promise<LoadedSession> {
    const streamId = sessionStreamId(sessionId);
    const { state, version } = await readFolded<SessionState, SessionEvent>(this.store, streamId, sessionDecider, this.folds.get(streamId));
    if (state.status === 'none' || state.organizationId !== tenantId) throw new NotFoundError('session', sessionId);
    this.folds.remember(streamId, { state, version });
    return { state, version };
  }

  /** Load → fold → decide → append, retried on a concurrent append (a concurrent switch is decided again on fresh state). */
  async handle(
    context: CommandContext,
    sessionId: string,
    command: SessionCommand,
    options: { expectedVersion?: number; loaded?: LoadedSession } = {},
  ): Promise<{ state: OpenSession; version: number; events: RecordedEvent[] }> {
    const decider = command.type === 'StartSession' ? sessionDecider : withinTenant(sessionDecider, context.tenantId, 'session', sessionId);
    const streamId = sessionStreamId(sessionId);
    const handled = await handleCommand(this.store, streamId, decider, command, {
      metadata: metadataOf(correlatedBy(context, sessionId)),
      expectedVersion: options.expectedVersion,
      // A session the caller has just loaded is decided on as it is (nothing after it); otherwise
      // the kept fold, if any, is caught up with the store.
      snapshot: options.loaded ?? this.folds.get(streamId),
      loaded: options.loaded ? [] : undefined,
      retries: 10,
    });
    if (handled.state.status === 'none') throw new NotFoundError('session', sessionId);
    this.folds.remember(streamId, { state: handled.state, version: handled.version });
    return { state: handled.state, version: handled.version, events: handled.events };
  }

  /** Appends to a branch's own message stream, correlated by its session. */
  async handleMessage(context: CommandContext, sessionId: string, branchId: string, command: BranchMessageCommand) {
    return handleCommand<ReturnType<typeof branchMessagesDecider.initialState>, BranchMessageCommand, BranchMessageEvent>(
      this.store,
      branchStreamId(branchId),
      branchMessagesDecider,
      command,
      { metadata: metadataOf(correlatedBy(context, sessionId)), retries: 5 },
    );
  }
}
