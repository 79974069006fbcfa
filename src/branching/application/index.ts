// The module's handlers, registered once in branching.module.ts.
import { AttachFileHandler } from './attach-file.handler.js';
import { ChangeBranchHandler } from './change-branch.handler.js';
import { ForkSessionHandler } from './fork-session.handler.js';
import { GetBranchMessagesHandler } from './get-branch-messages.handler.js';
import { GetSessionHandler } from './get-session.handler.js';
import { ListSessionsHandler } from './list-sessions.handler.js';
import { PostBranchMessageHandler } from './post-branch-message.handler.js';
import { StartSessionHandler } from './start-session.handler.js';
import { SuggestHypothesesHandler } from './suggest-hypotheses.handler.js';

export const commandHandlers = [StartSessionHandler, ForkSessionHandler, ChangeBranchHandler, PostBranchMessageHandler, AttachFileHandler];

export const queryHandlers = [GetSessionHandler, ListSessionsHandler, GetBranchMessagesHandler, SuggestHypothesesHandler];
