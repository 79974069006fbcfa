import { Query } from '@nestjs/cqrs';
import type { HandoffView } from './handoff.view.js';

export class ListSessionHandoffsQuery extends Query<HandoffView[]> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
