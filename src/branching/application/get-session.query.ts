import { Query } from '@nestjs/cqrs';
import type { SessionView } from './session.view.js';

export class GetSessionQuery extends Query<SessionView> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
