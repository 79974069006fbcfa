/** The handoffs module's public surface: other modules import only from here. */
export { HandoffsModule } from './handoffs.module.js';
export type { HandoffView } from './application/handoff.view.js';
