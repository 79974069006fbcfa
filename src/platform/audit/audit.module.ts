import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditEventsQuery } from './audit-events.query.js';

/** The audit API: reads the event store's table (Database and Upcasters come from global modules). */
@Module({ controllers: [AuditController], providers: [AuditEventsQuery] })
export class AuditModule {}
