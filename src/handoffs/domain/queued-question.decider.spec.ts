import { NotFoundError } from '../../platform/decider/decider.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import { at, histories, lead } from '../../../test/conversations/support/conversation.fixtures.js';
import type { ConversationEvent } from '../../conversations/index.js';
import { AlreadyClaimedError, NotClaimedError, NotYourClaimError, QuestionAnsweredError, UnknownHandoffError } from './handoff.errors.js';
import type { ClaimQuestion, ReleaseQuestion } from './queued-question.commands.js';
import { queuedQuestionDecider } from './queued-question.decider.js';

const spec = deciderSpec(queuedQuestionDecider);
const ops: Actor = { kind: 'api_key', id: 'k-ops' };
const other: Actor = { kind: 'api_key', id: 'k-other' };
const claim = (by = ops, ms = 5000): ClaimQuestion => ({ type: 'ClaimQuestion', by, now: at(ms) });
const release = (by = ops, byAdmin = false): ReleaseQuestion => ({ type: 'ReleaseQuestion', by, byAdmin, now: at(6000) });
const claimed = (by = ops, ms = 5000): ConversationEvent => ({
  type: 'QuestionClaimed',
  data: { conversationId: 'c1', squadId: 's1', queueItemId: 'c1', briefing: { headline: 'h', body: 'b' }, by, claimedAt: at(ms) },
});
const answerAfterExhaustion: ConversationEvent = {
  type: 'QuestionAnswered',
  data: {
    conversationId: 'c1',
    squadId: 's1',
    round: 3,
    level: 2,
    by: lead,
    message: {
      messageId: 'msg-late',
      parentId: 'msg-q',
      kind: 'answer',
      authorMemberId: lead.memberId,
      text: 'Billing.',
      sentAt: at(7000),
    },
    answeredAt: at(7000),
    queueItemId: 'c1',
  },
};

describe('the queued question decider', () => {
  it('claims an unanswered question with a briefing built from the conversation', () => {
    const [event] = queuedQuestionDecider.decide(
      claim(),
      histories.unanswered.reduce(queuedQuestionDecider.evolve, queuedQuestionDecider.initialState()),
    );
    expect(event).toMatchObject({
      type: 'QuestionClaimed',
      data: { conversationId: 'c1', queueItemId: 'c1', by: ops, claimedAt: at(5000) },
    });
    const { briefing } = (event as Extract<ConversationEvent, { type: 'QuestionClaimed' }>).data;
    expect(briefing.headline).toContain('Unanswered');
    expect(briefing.body).toContain('from Bea');
    expect(briefing.body).toContain('nobody answered in time');
  });

  it('refuses a second claim, naming who has it and since when', () => {
    spec
      .given([...histories.unanswered, claimed()])
      .when(claim(other))
      .thenThrows(AlreadyClaimedError, /k-ops/);
  });

  it('is not on the queue while the question is still routed, and gone once answered', () => {
    spec.given(histories.waiting).when(claim()).thenThrows(UnknownHandoffError);
    spec.given(histories.answered).when(claim()).thenThrows(QuestionAnsweredError);
    spec
      .given([...histories.unanswered, claimed(), answerAfterExhaustion])
      .when(release())
      .thenThrows(QuestionAnsweredError);
    spec.given([]).when(claim()).thenThrows(NotFoundError);
  });

  it('lets the claimer or an admin release, and nobody release what is not claimed', () => {
    spec.given(histories.unanswered).when(release()).thenThrows(NotClaimedError);
    spec
      .given([...histories.unanswered, claimed()])
      .when(release(other))
      .thenThrows(NotYourClaimError);
    spec
      .given([...histories.unanswered, claimed()])
      .when(release(other, true))
      .then([
        { type: 'QuestionReleased', data: { conversationId: 'c1', squadId: 's1', queueItemId: 'c1', by: other, releasedAt: at(6000) } },
      ]);
    spec
      .given([...histories.unanswered, claimed()])
      .when(release())
      .thenState((state) => expect(state.status === 'unanswered' && state.claim).toBeNull());
  });

  it('lets the question be claimed again after a release', () => {
    spec
      .given([
        ...histories.unanswered,
        claimed(),
        { type: 'QuestionReleased', data: { conversationId: 'c1', squadId: 's1', queueItemId: 'c1', by: ops, releasedAt: at(5500) } },
      ])
      .when(claim(other, 8000))
      .thenState((state) => expect(state.status === 'unanswered' && state.claim).toEqual({ by: other, at: at(8000) }));
  });
});
