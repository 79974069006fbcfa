import { streamId } from '../../platform/event-store/stream-id.js';

/** The one place retention stream ids are built: one small stream per organization. */
export const retentionStreamId = (organizationId: string) => streamId('retention', organizationId);
