import { DomainError } from '../../platform/decider/decider.js';

/** An article that breaks a size or shape rule the API could not check (e.g. from another module's command): 422. */
export class InvalidArticleError extends DomainError {
  constructor(message: string) {
    super('invalid_article', message);
  }
}
