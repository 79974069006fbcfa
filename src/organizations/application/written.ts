/** What a write returns: the aggregate's id and its stream version (the ETag). */
export interface Written {
  id: string;
  version: number;
}
