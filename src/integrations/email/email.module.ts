import { Module } from '@nestjs/common';
import { EmailOutboxController } from './api/email-outbox.controller.js';
import { EmailOutboxService } from './application/email-outbox.service.js';
import { EmailSendDeadlineHandler } from './sagas/email-send.deadline-handler.js';

/**
 * Outbound e-mail: a durable outbox. Other modules enqueue messages with `enqueueEmail` inside their
 * own transaction; a deadline per try sends them over SMTP (SMTP_URL), or keeps them `stored`.
 */
@Module({
  controllers: [EmailOutboxController],
  providers: [EmailOutboxService, EmailSendDeadlineHandler],
})
export class EmailModule {}
