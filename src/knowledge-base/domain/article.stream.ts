import { streamId } from '../../platform/event-store/stream-id.js';

/** The one place knowledge-base stream ids are built: one small stream per article. */
export const ARTICLE_STREAM_TYPE = 'kb_article';
export const articleStreamId = (articleId: string) => streamId(ARTICLE_STREAM_TYPE, articleId);
