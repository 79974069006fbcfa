const STREAM_TYPE = /^[a-z][a-z0-9_]*$/;

/** The one way stream ids are built: `<stream type>-<id>`, e.g. `conversation-3f2a…`. */
export function streamId(streamType: string, id: string): string {
  if (!STREAM_TYPE.test(streamType)) throw new Error(`invalid stream type "${streamType}"`);
  if (id.length === 0) throw new Error('stream id needs a non-empty id');
  return `${streamType}-${id}`;
}

export function streamTypeOf(id: string): string {
  const dash = id.indexOf('-');
  const type = dash > 0 ? id.slice(0, dash) : '';
  if (!STREAM_TYPE.test(type)) throw new Error(`stream id "${id}" does not start with a stream type`);
  return type;
}
