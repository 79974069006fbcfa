import { Query } from '@nestjs/cqrs';
import type { SessionStatus } from '../domain/session.types.js';
import type { SessionSummary } from './session.view.js';

export class ListSessionsQuery extends Query<{ key: number; view: SessionSummary }[]> {
  constructor(
    readonly tenantId: string,
    readonly filter: { status?: SessionStatus; squadId?: string },
    readonly page: { after: number; limit: number },
  ) {
    super();
  }
}
