import type { Type } from '@nestjs/common';
import { AgentsController } from './agents.controller.js';
import { EventsController } from './events.controller.js';
import { LocksController } from './locks.controller.js';
import { RuntimeController } from './runtime.controller.js';

/** Every registry controller, in the order their routes are documented. */
export const registryControllers: Type[] = [AgentsController, RuntimeController, EventsController, LocksController];
