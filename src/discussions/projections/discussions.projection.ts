import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { messageIn } from '../domain/discussion-messages.js';
import { DISCUSSION_EVENT_TYPES, type DiscussionEvent } from '../domain/discussion.events.js';
import type { Speaker } from '../domain/discussion.types.js';

const speakerKey = (by: Speaker) =>
  by.kind === 'agent' ? `agent:${by.slug}` : by.kind === 'user' ? `${by.actor.kind}:${by.actor.id}` : 'system';

/** The status a discussion event leaves it in, when it changes it. */
function statusAfter(event: DiscussionEvent): string | undefined {
  switch (event.type) {
    case 'DiscussionStarted':
    case 'UserQuestionAnswered':
    case 'AssumptionMade':
      return 'running';
    case 'UserQuestionAsked':
      return 'awaiting_user';
    case 'DiscussionPaused':
      return 'paused';
    case 'DecisionNeeded':
      return 'needs_decision';
    case 'ConsensusReached':
    case 'UserDecided':
      return 'concluding';
    case 'DiscussionConcluded':
      return 'completed';
    case 'DiscussionStopped':
      return 'stopped';
    default:
      return undefined;
  }
}

/**
 * One row per discussion (for listing by status, agent and time) and one per message (threads and
 * full-text search), inline so a post reads its own writes. The row moves to an event's version once
 * (`version <`), message rows are keyed by id: replays change nothing.
 */
export class DiscussionsProjection extends PerEventProjection<DiscussionEvent> {
  readonly name = 'discussions';
  readonly mode = 'inline';
  readonly eventTypes = DISCUSSION_EVENT_TYPES;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM discussion_messages');
    await tx.query('DELETE FROM discussions');
  }

  protected async applyEvent(event: Recorded<DiscussionEvent>, tx: Sql): Promise<void> {
    const tenantId = event.metadata.tenantId ?? '';
    const id = event.data.discussionId;
    if (event.type === 'DiscussionOpened') {
      const d = event.data;
      await tx.query(
        `INSERT INTO discussions (id, tenant_id, goal, squad_id, status, phase, round, participants, opened_at, opened_position, updated_at, version)
         VALUES ($1, $2, $3, $4, 'created', 'initialization', 0, $5, $6, $7, $6, $8) ON CONFLICT (id) DO NOTHING`,
        [id, tenantId, d.goal, d.squadId, d.participants.map((p) => p.slug), d.openedAt, event.position, event.version],
      );
      return;
    }
    // One statement moves the row to this version with what the event changes; a question asked or
    // answered by a turn that finished after a pause leaves the row paused, as the stream does.
    const status = event.type === 'DiscussionResumed' ? (event.data.question ? 'awaiting_user' : 'running') : statusAfter(event);
    const keepsPause = event.type === 'UserQuestionAsked' || event.type === 'UserQuestionAnswered';
    const phase = event.type === 'PhaseChanged' ? event.data.to : event.type === 'DiscussionConcluded' ? 'completed' : null;
    const round = event.type === 'PhaseChanged' ? event.data.round : null;
    const moved = await tx.query(
      `UPDATE discussions SET version = $2, updated_at = $3,
              status = CASE WHEN $4::text IS NULL OR ($5 AND status = 'paused') THEN status ELSE $4 END,
              phase = COALESCE($6, phase), round = COALESCE($7, round)
        WHERE id = $1 AND version < $2 RETURNING id`,
      [id, event.version, event.recordedAt, status ?? null, keepsPause, phase, round],
    );
    if (moved.length === 0) return;
    const said = messageIn(event);
    if (said) {
      await tx.query(
        `INSERT INTO discussion_messages (id, tenant_id, discussion_id, kind, speaker, text, parent_id, posted_at, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [said.id, tenantId, id, said.kind, speakerKey(said.by), said.text, said.parentId, said.at, event.position],
      );
    }
  }
}
