import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LlmGateway, LlmPurposes } from '../../platform/llm/index.js';
import { RealtimeSignals } from '../../platform/realtime/realtime-signals.js';
import { sessionStreamId } from '../domain/session.stream.js';
import { buildBranchPrompt } from '../domain/branch-prompt.js';
import { UnknownBranchError } from '../domain/session.errors.js';
import { lineageOf } from '../domain/session.state.js';
import { branchPromptInput } from './branch-prompt-input.js';
import { PostBranchMessageCommand } from './post-branch-message.command.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';
import type { BranchExchange } from './session.view.js';

/** Signal kinds of a streamed reply, sent to `stream:branching_session-<id>`. */
export const REPLY_DELTA_SIGNAL = 'branching.reply.delta';
export const REPLY_DONE_SIGNAL = 'branching.reply.done';

/**
 * Appends the operator's message to the branch, asks the model with the branch-aware prompt and
 * appends its reply. A refused message (dead end, untried, solved) appends nothing and calls no model.
 */
@CommandHandler(PostBranchMessageCommand)
export class PostBranchMessageHandler implements ICommandHandler<PostBranchMessageCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
    private readonly llm: LlmGateway,
    private readonly signals: RealtimeSignals,
  ) {}

  async execute(command: PostBranchMessageCommand): Promise<BranchExchange> {
    const { context, sessionId, branchId } = command;
    const { state } = await this.sessions.load(context.tenantId, sessionId);
    const branch = state.branches[branchId];
    if (!branch) throw new UnknownBranchError(branchId);
    await this.sessions.handleMessage(context, sessionId, branchId, {
      type: 'PostMessage',
      sessionId,
      branchId,
      branchStatus: branch.status,
      messageId: command.messageId,
      text: command.text,
      attachmentIds: command.attachmentIds,
      by: context.actor,
      now: context.now,
    });
    const history = await this.reader.history(branchId, lineageOf(state, branchId));
    const before = history.filter((message) => message.id !== command.messageId);
    const prompt = buildBranchPrompt(branchPromptInput(state, branchId, before, command.text, []));
    // The reply streams to the session's room as signals while it is written; the stored reply is the whole text.
    const room = `stream:${sessionStreamId(sessionId)}`;
    const stream = this.llm.stream({ tenantId: context.tenantId, purpose: LlmPurposes.reply, messages: prompt });
    for await (const delta of stream)
      this.signals.publish(context.tenantId, room, REPLY_DELTA_SIGNAL, {
        branchId,
        messageId: command.replyId,
        replyTo: command.messageId,
        delta,
      });
    const answer = await stream.result;
    this.signals.publish(context.tenantId, room, REPLY_DONE_SIGNAL, { branchId, messageId: command.replyId, replyTo: command.messageId });
    await this.sessions.handleMessage(context, sessionId, branchId, {
      type: 'GiveReply',
      replyTo: command.messageId,
      messageId: command.replyId,
      text: answer.text,
      provider: answer.provider,
      model: answer.model,
      usage: { inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens },
      now: context.now,
    });
    const after = await this.reader.history(branchId, [{ branchId, upTo: null }]);
    const find = (id: string) => after.find((message) => message.id === id);
    const message = find(command.messageId);
    const reply = find(command.replyId);
    if (!message || !reply) throw new Error(`the exchange ${command.messageId} was appended but is not in the read model`);
    return { message, reply };
  }
}
