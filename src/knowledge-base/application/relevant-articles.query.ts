import { Query } from '@nestjs/cqrs';
import type { PromptArticle } from './article.view.js';

/**
 * The published articles most relevant to a text (e.g. a session's problem and the operator's
 * message), for a prompt to cite by id. Any of the text's words may match; the best `limit` by the
 * same combined score as the search.
 */
export class RelevantArticlesQuery extends Query<PromptArticle[]> {
  constructor(
    readonly tenantId: string,
    readonly text: string,
    readonly limit = 3,
  ) {
    super();
  }
}
