/** The one place a discussion's stream id is built: every event of a discussion is in this stream. */
export const discussionStreamId = (discussionId: string) => `discussion-${discussionId}`;
