import { ChangeDiscussionHandler } from './change-discussion.handler.js';
import { DecideDiscussionHandler } from './decide-discussion.handler.js';
import { GetDiscussionHandler } from './get-discussion.handler.js';
import { ListDiscussionsHandler } from './list-discussions.handler.js';
import { OpenDiscussionHandler } from './open-discussion.handler.js';
import { PostDiscussionMessageHandler } from './post-discussion-message.handler.js';
import { ProposeOptionHandler } from './propose-option.handler.js';
import { SearchDiscussionMessagesHandler } from './search-discussion-messages.handler.js';

export const commandHandlers = [
  OpenDiscussionHandler,
  ChangeDiscussionHandler,
  PostDiscussionMessageHandler,
  ProposeOptionHandler,
  DecideDiscussionHandler,
];
export const queryHandlers = [GetDiscussionHandler, ListDiscussionsHandler, SearchDiscussionMessagesHandler];
