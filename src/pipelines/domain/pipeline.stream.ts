import { streamId } from '../../platform/event-store/stream-id.js';

/** The one place pipeline stream ids are built: `pipeline-<pipelineId>`. */
export const PIPELINE_STREAM_TYPE = 'pipeline';
export const pipelineStreamId = (pipelineId: string) => streamId(PIPELINE_STREAM_TYPE, pipelineId);
