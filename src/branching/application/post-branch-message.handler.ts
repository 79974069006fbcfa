import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { RelevantArticlesQuery } from '../../knowledge-base/index.js';
import { LlmGateway, LlmPurposes } from '../../platform/llm/index.js';
import { RealtimeSignals } from '../../platform/realtime/realtime-signals.js';
import { buildBranchPrompt } from '../domain/branch-prompt.js';
import { UnknownBranchError } from '../domain/session.errors.js';
import { type OpenSession, lineageOf } from '../domain/session.state.js';
import { assertWorkable, citedAttachments } from '../domain/session.decider.js';
import type { AttachmentText } from '../domain/branch-prompt.js';
import { AttachmentIntake, MAX_ATTACHMENTS_PER_PROMPT } from '../attachments/index.js';
import { branchPromptInput } from './branch-prompt-input.js';
import { PostBranchMessageCommand } from './post-branch-message.command.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';
import type { BranchExchange } from './session.view.js';

/** Signal kinds of a streamed reply, sent to the session's room `session:<id>`. */
export const REPLY_DELTA_SIGNAL = 'branching.reply.delta';
export const REPLY_DONE_SIGNAL = 'branching.reply.done';
/** Knowledge-base articles a branch prompt cites. */
const KNOWLEDGE_ARTICLES = 3;

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
    private readonly intake: AttachmentIntake,
    private readonly queries: QueryBus,
  ) {}

  async execute(command: PostBranchMessageCommand): Promise<BranchExchange> {
    const { context, sessionId, branchId } = command;
    const { state } = await this.sessions.load(context.tenantId, sessionId);
    assertWorkable(state);
    const branch = state.branches[branchId];
    if (!branch) throw new UnknownBranchError(branchId);
    // An attachment the session does not have is a 404 before anything is appended.
    citedAttachments(state, command.attachmentIds);
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
    const attachments = await this.promptAttachments(context.tenantId, state, [
      ...before.flatMap((m) => m.attachmentIds),
      ...command.attachmentIds,
    ]);
    // The knowledge base's best articles for the problem and this message, cited by id (the first reply's too).
    const articles = await this.queries.execute(
      new RelevantArticlesQuery(context.tenantId, `${state.problem}\n${command.text}`, KNOWLEDGE_ARTICLES),
    );
    const prompt = buildBranchPrompt(branchPromptInput(state, branchId, before, command.text, attachments, articles));
    // The reply streams to the session's room as signals while it is written; the stored reply is the whole text.
    const room = `session:${sessionId}`;
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

  /**
   * The files the branch's history and the new message cite, oldest first, at most the newest
   * MAX_ATTACHMENTS_PER_PROMPT of them (the prompt builder fits them to its budget, naming what it leaves out).
   */
  private async promptAttachments(tenantId: string, state: OpenSession, cited: readonly string[]): Promise<AttachmentText[]> {
    const newestLast = [...new Set([...cited].reverse())].reverse().slice(-MAX_ATTACHMENTS_PER_PROMPT);
    const attachments = citedAttachments(state, newestLast);
    const texts = new Map(
      (
        await this.intake.forPrompt(
          tenantId,
          attachments.map((a) => a.sha256),
        )
      ).map((t) => [t.sha256, t.text]),
    );
    return attachments.map((a) => ({ fileName: a.fileName, contentType: a.contentType, text: texts.get(a.sha256) ?? '' }));
  }
}
