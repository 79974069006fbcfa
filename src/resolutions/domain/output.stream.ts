import { streamId } from '../../platform/event-store/stream-id.js';

/** The one place output stream ids are built: `resolution_output-<outputId>`. */
export const OUTPUT_STREAM_TYPE = 'resolution_output';
export const outputStreamId = (outputId: string) => streamId(OUTPUT_STREAM_TYPE, outputId);
