import { Query } from '@nestjs/cqrs';
import type { LoadedDiscussion } from './discussion.repository.js';

/** The discussion folded from its stream, with its events (for the timeline and the export). */
export class GetDiscussionQuery extends Query<LoadedDiscussion> {
  constructor(
    readonly tenantId: string,
    readonly discussionId: string,
  ) {
    super();
  }
}
