import { Module } from '@nestjs/common';
import { PsaIntegrationController } from './api/psa-integration.controller.js';
import { PsaDeliveriesService } from './application/psa-deliveries.service.js';
import { PsaIntegrationService } from './application/psa-integration.service.js';
import { PsaDeliveryDeadlineHandler } from './sagas/psa-delivery.deadline-handler.js';

/**
 * The PSA (ticketing) webhook: an organization's signed, durable outbox. Other modules enqueue
 * deliveries with `enqueuePsaDelivery` inside their own transaction; a deadline per try sends them.
 */
@Module({
  controllers: [PsaIntegrationController],
  providers: [PsaIntegrationService, PsaDeliveriesService, PsaDeliveryDeadlineHandler],
})
export class PsaIntegrationModule {}
