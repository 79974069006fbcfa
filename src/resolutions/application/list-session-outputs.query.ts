import { Query } from '@nestjs/cqrs';
import type { OutputView } from './output.view.js';

export class ListSessionOutputsQuery extends Query<OutputView[]> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
    readonly history: boolean,
  ) {
    super();
  }
}
