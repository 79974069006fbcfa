/**
 * How followers never skip an event that commits late:
 * - every append, of every process, takes this advisory lock before its first write (which gives it
 *   its transaction id) and its positions, and releases it right after that INSERT, before its
 *   inline projections and COMMIT. So among appends, position order is transaction-id order, while
 *   the commits (fsync) still overlap;
 * - before that INSERT it also takes APPEND_MARKER, held until it ends, which marks it as an append
 *   in `pg_locks`;
 * - readers only read events whose transaction id is below `event_store_horizon()`: the oldest
 *   transaction of their snapshot that is a marked append still running (or one that ended since).
 *   Anything that commits later has a higher transaction id, hence a higher position than
 *   everything already read. Other transactions on the server — in another database, or ours but
 *   not appending — never hold followers back (migrations/1763790000000-event-store-horizon.ts).
 */
export const APPEND_LOCK_KEY = 7146733001;
/** The two-key advisory lock an append holds for its whole transaction; event_store_horizon() looks for it. */
export const APPEND_MARKER = [7146, 733002] as const;
/** Below this every event is committed and visible, and nothing can commit later. */
export const HORIZON = '(SELECT event_store_horizon())';
/** The channel an append notifies on COMMIT, so followers wake without polling. */
export const EVENTS_CHANNEL = 'agent_squad_events';
