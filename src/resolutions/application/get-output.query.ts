import { Query } from '@nestjs/cqrs';
import type { OutputView } from './output.view.js';

export class GetOutputQuery extends Query<{ output: OutputView; version: number }> {
  constructor(
    readonly tenantId: string,
    readonly outputId: string,
  ) {
    super();
  }
}
