import type { AgentSpoke } from './discussion.events.js';

/**
 * Stuck detection. A contribution turn makes no progress when it proposes nothing, asks the user
 * nothing, and its message is a near-duplicate of a recent one (cosine similarity of embeddings at
 * or above NEAR_DUPLICATE_SIMILARITY). After STUCK_TURNS such turns in a row the discussion moves on:
 * to a vote when there are proposals, else to the next phase, and says why. A consensus round whose
 * votes are exactly the previous round's ends the rounds early (another one would change nothing).
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.9;
export const STUCK_TURNS = 2;
/** The recent messages a new one is compared with. */
export const RECENT_MESSAGES_COMPARED = 4;

/** Proposals and questions reset the count when they follow (see evolve). */
export function repeatsItself(spoke: AgentSpoke['data']): boolean {
  return spoke.phase !== 'consensus' && spoke.similarity !== null && spoke.similarity >= NEAR_DUPLICATE_SIMILARITY;
}
