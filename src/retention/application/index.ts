import { GetRetentionHandler } from './get-retention.handler.js';
import { RunRetentionHandler } from './run-retention.handler.js';
import { SetRetentionRulesHandler } from './set-retention-rules.handler.js';

export const commandHandlers = [SetRetentionRulesHandler, RunRetentionHandler];
export const queryHandlers = [GetRetentionHandler];
