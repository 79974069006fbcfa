import { Query } from '@nestjs/cqrs';
import type { ResolvedChain } from '../domain/chain.types.js';

/** Who answers a question of `questionType` asked by a member with `askerRole` in a squad, level by level, and why. */
export class GetRoutingChainQuery extends Query<ResolvedChain> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly askerRole: string,
    readonly questionType: string,
  ) {
    super();
  }
}
