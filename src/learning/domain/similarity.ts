import { createHash } from 'node:crypto';

/**
 * Failures and retrospectives are compared by the embedding of their feature text (what was being
 * built), which is what a new feature request can be compared with; approaches and lessons would
 * pull the vector towards how, not what.
 *
 * SIMILARITY_THRESHOLD: a past failure is "similar" at a cosine similarity of at least 0.35. With
 * the offline embedding (hashed words and character trigrams) texts sharing a couple of content
 * words ("WebSocket notifications" / "real-time notifications over websockets") score 0.4–0.7 and
 * unrelated ones below about 0.2; with provider models (e.g. text-embedding-3-small) unrelated texts sit
 * around 0.1–0.25 and texts about the same feature above 0.4. 0.35 keeps noise out of every phase
 * prompt with either, at the cost of missing loosely related failures (the list endpoint has them).
 */
export const SIMILARITY_THRESHOLD = 0.35;

export const embeddedText = (record: { feature: string }) => record.feature;
export const embeddedTextHash = (record: { feature: string }) => createHash('sha256').update(embeddedText(record)).digest('hex');
