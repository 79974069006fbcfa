import { Query } from '@nestjs/cqrs';
import type { InteractionSettings } from '../domain/interaction-settings.js';

export class GetInteractionSettingsQuery extends Query<InteractionSettings & { version: number }> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
