import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { DomainError, NotFoundError } from '../../platform/decider/decider.js';
import { PublishArticleCommand } from '../../knowledge-base/index.js';
import { OutputReader } from '../application/output.reader.js';
import { outputTitle } from '../domain/output-push.js';
import { OUTPUT_PUBLISH_DEADLINE, type OutputPublishPayload } from './output-deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'resolution-publish' };
const MAX_TITLE = 200;

/**
 * Publishes an article pushed to the knowledge base, under the output's id: the knowledge base's
 * publish is idempotent by that id, so a firing re-run after a crash publishes nothing twice. An
 * article the knowledge base refuses (a rule, not an outage) is logged and not tried again.
 */
@Injectable()
export class OutputPublishDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(OutputPublishDeadlineHandler.name);

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly reader: OutputReader,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<OutputPublishPayload>(OUTPUT_PUBLISH_DEADLINE, (deadline) => this.publish(deadline));
  }

  async publish(deadline: DueDeadline<OutputPublishPayload>): Promise<void> {
    const { outputId, sessionId } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    const { view, record } = await this.reader.output(tenantId, outputId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return { view: null, record: null };
      throw error;
    });
    if (!view || !record || view.content === null) return;
    const context = systemContext({ tenantId, actor: ACTOR, causationId: deadline.key }, this.clock.now());
    const title = outputTitle(view.type, record.problem, view.content).slice(0, MAX_TITLE);
    try {
      await this.commands.execute(
        new PublishArticleCommand(context, outputId, {
          title,
          content: view.content,
          tags: record.domain ? [record.domain.slice(0, 50)] : [],
          source: { kind: 'resolution', sessionId, outputId },
        }),
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      this.logger.error(`the knowledge base refused article ${outputId}: ${error.message}`);
    }
  }
}
