import { Query } from '@nestjs/cqrs';
import type { QuestionRouting } from './routing-read-model.js';
import type { SquadMember } from './squad-directory.js';

/**
 * Who answers a question being asked, and the squad's interaction settings, in one read. The
 * caller passes the squad's members it already read (it has checked the squad is the tenant's).
 */
export class ResolveQuestionRoutingQuery extends Query<QuestionRouting> {
  constructor(
    readonly tenantId: string,
    readonly squadId: string,
    readonly members: readonly SquadMember[],
    readonly askerRole: string,
    readonly questionType: string,
  ) {
    super();
  }
}
