import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { NotFoundError, fold } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { ConversationCommand } from '../domain/conversation.commands.js';
import { conversationDecider } from '../domain/conversation.decider.js';
import type { ConversationEvent } from '../domain/conversation.events.js';
import type { ActiveConversation } from '../domain/conversation.state.js';
import { conversationStreamId } from '../domain/conversation.stream.js';

export interface LoadedConversation {
  state: ActiveConversation;
  version: number;
  events: (RecordedEvent & ConversationEvent)[];
}

export interface HandleConversationOptions {
  /** The version the caller last saw (If-Match). */
  expectedVersion?: number;
  /** The conversation as the caller has just loaded it: decided on without reading the stream again. */
  loaded?: Pick<LoadedConversation, 'events'>;
}

/** Loads and changes conversations through their stream; another organization's conversation does not exist. */
@Injectable()
export class ConversationRepository {
  constructor(private readonly store: EventStore) {}

  async load(tenantId: string, conversationId: string): Promise<LoadedConversation> {
    const events = await this.store.readStream<ConversationEvent>(conversationStreamId(conversationId));
    const state = fold(conversationDecider, events);
    if (state.status === 'none' || state.organizationId !== tenantId) throw new NotFoundError('conversation', conversationId);
    return { state, version: events[events.length - 1].version, events };
  }

  /** The streams of several conversations in one query, as `loaded` for `handle` (a batch of deadline firings). */
  async readEach(conversationIds: readonly string[]): Promise<Map<string, Pick<LoadedConversation, 'events'>>> {
    const streams = await this.store.readStreams<ConversationEvent>(conversationIds.map(conversationStreamId));
    return new Map(conversationIds.map((id) => [id, { events: streams.get(conversationStreamId(id)) ?? [] }]));
  }

  /** Load → fold → decide → append (retried on a concurrent append); the command is decided again on fresh state. */
  async handle(
    context: CommandContext,
    conversationId: string,
    command: ConversationCommand,
    { expectedVersion, loaded }: HandleConversationOptions = {},
  ): Promise<{ state: ActiveConversation; version: number; events: RecordedEvent[] }> {
    const decider = {
      ...conversationDecider,
      decide: (cmd: ConversationCommand, state: ReturnType<typeof conversationDecider.initialState>) => {
        if (cmd.type !== 'AskQuestion' && (state.status === 'none' || state.organizationId !== context.tenantId))
          throw new NotFoundError('conversation', conversationId);
        return conversationDecider.decide(cmd, state);
      },
    };
    const handled = await handleCommand(this.store, conversationStreamId(conversationId), decider, command, {
      // Every event of a conversation is correlated by its id, so its story can be followed across requests and deadlines.
      metadata: metadataOf(correlatedBy(context, conversationId)),
      expectedVersion,
      loaded: loaded?.events,
      retries: 5,
    });
    if (handled.state.status === 'none') throw new NotFoundError('conversation', conversationId);
    return { state: handled.state, version: handled.version, events: handled.events };
  }
}
