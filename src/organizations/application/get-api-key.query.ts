import { Query } from '@nestjs/cqrs';
import type { ApiKeyView } from './views.js';

export class GetApiKeyQuery extends Query<ApiKeyView> {
  constructor(
    readonly tenantId: string,
    readonly keyId: string,
  ) {
    super();
  }
}
