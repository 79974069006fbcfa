import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { GiveReply, PostMessage } from './branch-messages.commands.js';
import { UnknownMessageError, branchMessagesDecider } from './branch-messages.decider.js';
import type { BranchMessageEvent } from './branch-messages.events.js';
import { IllegalBranchTransitionError } from './session.errors.js';
import { BRANCH_STATUSES } from './session.types.js';

const spec = deciderSpec(branchMessagesDecider);
const now = '2026-12-01T10:00:00.000Z';
const by = { kind: 'member' as const, id: 'm1' };
const post = (branchStatus: PostMessage['branchStatus']): PostMessage => ({
  type: 'PostMessage',
  sessionId: 's1',
  branchId: 'b1',
  branchStatus,
  messageId: 'u1',
  text: 'nslookup times out',
  attachmentIds: [],
  by,
  now,
});
const posted: BranchMessageEvent = {
  type: 'BranchMessagePosted',
  data: { sessionId: 's1', branchId: 'b1', messageId: 'u1', text: 'nslookup times out', attachmentIds: [], by, postedAt: now },
};
const reply: GiveReply = {
  type: 'GiveReply',
  replyTo: 'u1',
  messageId: 'a1',
  text: 'Check the resolver',
  provider: 'offline',
  model: 'offline',
  usage: { inputTokens: 10, outputTokens: 4 },
  now,
};
const replied: BranchMessageEvent = {
  type: 'BranchReplyGiven',
  data: {
    sessionId: 's1',
    branchId: 'b1',
    messageId: 'a1',
    replyTo: 'u1',
    text: 'Check the resolver',
    provider: 'offline',
    model: 'offline',
    usage: { inputTokens: 10, outputTokens: 4 },
    repliedAt: now,
  },
};

describe('branch messages decider', () => {
  it.each(BRANCH_STATUSES)('PostMessage on a %s branch', (status) => {
    if (status === 'active' || status === 'revived') spec.given([]).when(post(status)).then([posted]);
    else
      spec
        .given([])
        .when(post(status))
        .thenThrows(IllegalBranchTransitionError, /cannot take messages/);
  });

  it('answers a posted message once', () => {
    spec.given([posted]).when(reply).then([replied]);
    spec.given([posted, replied]).when(reply).thenNothingHappened();
  });

  it('refuses a reply to a message it never saw', () => {
    spec.given([]).when(reply).thenThrows(UnknownMessageError);
    spec
      .given([posted])
      .when({ ...reply, replyTo: 'other' })
      .thenThrows(UnknownMessageError);
  });
});
