import { Query } from '@nestjs/cqrs';
import type { SquadRoutingStatistics } from './squad-routing-statistics.js';

export class GetRoutingStatisticsQuery extends Query<SquadRoutingStatistics> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
  ) {
    super();
  }
}
