import { Module } from '@nestjs/common';
import { EventTail } from './event-tail.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeSignals } from './realtime-signals.js';

/** The Socket.IO channel; RealtimeSignals lets other modules send ephemeral signals. */
@Module({ providers: [EventTail, RealtimeGateway, RealtimeSignals], exports: [RealtimeSignals] })
export class RealtimeModule {}
