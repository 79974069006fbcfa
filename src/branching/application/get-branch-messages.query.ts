import { Query } from '@nestjs/cqrs';
import type { BranchMessageView } from './session.view.js';

export class GetBranchMessagesQuery extends Query<BranchMessageView[]> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
    readonly branchId: string,
  ) {
    super();
  }
}
