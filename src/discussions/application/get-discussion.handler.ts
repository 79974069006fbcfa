import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DiscussionRepository } from './discussion.repository.js';
import { GetDiscussionQuery } from './get-discussion.query.js';

@QueryHandler(GetDiscussionQuery)
export class GetDiscussionHandler implements IQueryHandler<GetDiscussionQuery> {
  constructor(private readonly discussions: DiscussionRepository) {}
  execute({ tenantId, discussionId }: GetDiscussionQuery) {
    return this.discussions.load(tenantId, discussionId);
  }
}
