import { Query } from '@nestjs/cqrs';
import type { RetentionView } from './retention.view.js';

export class GetRetentionQuery extends Query<RetentionView> {
  constructor(readonly tenantId: string) {
    super();
  }
}
