import type { Sql } from '../../platform/database/sql.js';
import type { DeadlineRequest } from '../../platform/deadlines/deadline.js';
import { type DeadlineWrite, writeDeadlines } from '../../platform/deadlines/deadline-writes.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type {
  ConsensusReached,
  DiscussionResumed,
  TurnScheduled,
  UserDecided,
  UserQuestionAsked,
  UserReminded,
} from '../domain/discussion.events.js';

export const DISCUSSION_TURN_DEADLINE = 'discussions.turn';
export const QUESTION_TIMEOUT_DEADLINE = 'discussions.question-timeout';
export const DISCUSSION_OUTCOME_DEADLINE = 'discussions.outcome';

export interface DiscussionTurnPayload {
  discussionId: string;
  turn: number;
  schedule: number;
}

export interface QuestionTimeoutPayload {
  discussionId: string;
  questionId: string;
  timer: number;
}

export interface DiscussionOutcomePayload {
  discussionId: string;
}

type Scheduling = TurnScheduled | UserQuestionAsked | UserReminded | DiscussionResumed | ConsensusReached | UserDecided;

/**
 * The discussion's durable steps, written in the transaction of the events that call for them:
 * each turn (keyed by discussion, turn and scheduling, so a re-scheduled turn gets a step of its
 * own and a replay adds nothing), each timer of a question to the user, and the outcome. `reset`
 * keeps them: fired deadlines stay fired.
 */
export class DiscussionDeadlinesProjection implements Projection<Scheduling> {
  readonly name = 'discussions_deadlines';
  readonly mode = 'inline';
  readonly eventTypes = [
    'TurnScheduled',
    'UserQuestionAsked',
    'UserReminded',
    'DiscussionResumed',
    'ConsensusReached',
    'UserDecided',
  ] as const;

  async apply(events: readonly Recorded<Scheduling>[], tx: Sql): Promise<void> {
    // A batch's steps in one insert (a batch holds many discussions' turns when they run at once).
    const writes: DeadlineWrite[] = [];
    const schedule = (deadline: DeadlineRequest) => writes.push({ action: 'schedule', deadline });
    for (const event of events) {
      const tenantId = event.metadata.tenantId;
      const discussionId = event.data.discussionId;
      const question = (questionId: string, timer: number, dueAt: string) => {
        const payload: QuestionTimeoutPayload = { discussionId, questionId, timer };
        schedule({
          key: `discussion:${discussionId}:question:${questionId}:${timer}`,
          type: QUESTION_TIMEOUT_DEADLINE,
          tenantId,
          dueAt: new Date(dueAt),
          payload: { ...payload },
        });
      };
      switch (event.type) {
        case 'TurnScheduled': {
          const payload: DiscussionTurnPayload = { discussionId, turn: event.data.turn, schedule: event.data.schedule };
          schedule({
            key: `discussion:${discussionId}:turn:${event.data.turn}:${event.data.schedule}`,
            type: DISCUSSION_TURN_DEADLINE,
            tenantId,
            dueAt: event.recordedAt,
            payload: { ...payload },
          });
          break;
        }
        case 'UserQuestionAsked':
          question(event.data.questionId, 1, event.data.dueAt);
          break;
        case 'UserReminded':
          question(event.data.questionId, event.data.timer, event.data.dueAt);
          break;
        case 'DiscussionResumed':
          if (event.data.question) question(event.data.question.questionId, event.data.question.timer, event.data.question.dueAt);
          break;
        case 'ConsensusReached':
        case 'UserDecided': {
          const payload: DiscussionOutcomePayload = { discussionId };
          schedule({
            key: `discussion:${discussionId}:outcome`,
            type: DISCUSSION_OUTCOME_DEADLINE,
            tenantId,
            dueAt: event.recordedAt,
            payload: { ...payload },
          });
          break;
        }
      }
    }
    await writeDeadlines(tx, writes);
  }

  async reset(): Promise<void> {
    // Fired deadlines must stay fired; re-applying the events is a no-op for them.
  }
}
