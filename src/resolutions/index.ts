/** The resolutions module's public surface: other modules import only from here. */
export { ResolutionsModule } from './resolutions.module.js';
export type { OutputView } from './application/output.view.js';
export { outputEventTypes, type OutputEvent } from './domain/output.events.js';
