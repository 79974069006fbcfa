import { ArchiveArticleHandler } from './archive-article.handler.js';
import { GetArticleHandler } from './get-article.handler.js';
import { PublishArticleHandler } from './publish-article.handler.js';
import { RelevantArticlesHandler } from './relevant-articles.handler.js';
import { SearchArticlesHandler } from './search-articles.handler.js';

export const commandHandlers = [PublishArticleHandler, ArchiveArticleHandler];
export const queryHandlers = [GetArticleHandler, SearchArticlesHandler, RelevantArticlesHandler];
