import { Query } from '@nestjs/cqrs';
import type { PageRequest } from './page-request.js';
import type { ApiKeyView } from './views.js';

export class ListApiKeysQuery extends Query<{ key: number; view: ApiKeyView }[]> {
  constructor(
    readonly tenantId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
