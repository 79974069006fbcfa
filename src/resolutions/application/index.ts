import { ChangeOutputHandler } from './change-output.handler.js';
import { GetOutputHandler, ListSessionOutputsHandler } from './output-queries.handlers.js';
import { ReopenSessionHandler } from './reopen-session.handler.js';
import { ResolveSessionHandler } from './resolve-session.handler.js';

export const commandHandlers = [ResolveSessionHandler, ReopenSessionHandler, ChangeOutputHandler];
export const queryHandlers = [GetOutputHandler, ListSessionOutputsHandler];
