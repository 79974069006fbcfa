import { streamId } from '../../platform/event-store/stream-id.js';

/** The one place the organizations module builds stream ids. */
export const organizationStreamId = (organizationId: string) => streamId('organization', organizationId);
export const squadStreamId = (squadId: string) => streamId('squad', squadId);
export const apiKeyStreamId = (keyId: string) => streamId('api_key', keyId);
