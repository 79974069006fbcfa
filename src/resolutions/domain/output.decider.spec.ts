import type { Actor } from '../../platform/event-store/event.types.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { OutputCommand } from './output.commands.js';
import { outputDecider } from './output.decider.js';
import type { OutputEvent } from './output.events.js';
import { IllegalOutputTransitionError, OutputTargetError } from './resolution.errors.js';

const spec = deciderSpec(outputDecider);
const by: Actor = { kind: 'member', id: 'm-1' };
const at = '2026-12-01T10:00:00.000Z';
const base = { outputId: 'o1', sessionId: 's1', type: 'kb_article' as const };
const addressed = { outputId: 'o1', sessionId: 's1', outputType: 'kb_article' as const, now: at };

const drafted = (version = 1, requestId = 'initial'): OutputEvent => ({
  type: 'OutputDrafted',
  data: { ...base, requestId, content: `draft ${version}`, model: 'offline', attempts: 1, version, at },
});
const approved = (version = 1): OutputEvent => ({ type: 'OutputApproved', data: { ...base, version, by, at } });
const regenerating = (requestId = 'r2'): OutputEvent => ({
  type: 'OutputRegenerationRequested',
  data: { ...base, requestId, instructions: null, by, at },
});
const failed: OutputEvent = { type: 'OutputGenerationFailed', data: { ...base, requestId: 'initial', reason: 'timeout', attempts: 5, at } };

const draft = (requestId = 'initial'): OutputCommand => ({
  type: 'RecordDraft',
  ...addressed,
  requestId,
  content: 'new',
  model: 'm',
  attempts: 2,
});
const edit = (content = 'edited'): OutputCommand => ({ type: 'EditOutput', ...addressed, content, by });
const approve: OutputCommand = { type: 'ApproveOutput', ...addressed, by };
const reject: OutputCommand = { type: 'RejectOutput', ...addressed, reason: 'wrong', by };
const push = (target: 'psa' | 'knowledge_base' | 'email' | 'clipboard', pushId = 'p1'): OutputCommand => ({
  type: 'PushOutput',
  ...addressed,
  pushId,
  target,
  to: target === 'email' ? ['a@example.com'] : null,
  by,
});

describe('the output decider', () => {
  it('records the first draft of the first request, and only once', () => {
    spec
      .given([])
      .when(draft())
      .then([{ type: 'OutputDrafted', data: { ...base, requestId: 'initial', content: 'new', model: 'm', attempts: 2, version: 1, at } }]);
    spec.given([drafted()]).when(draft()).thenNothingHappened(); // a re-run try
    spec
      .given([drafted(), regenerating('r2')])
      .when(draft('initial'))
      .thenNothingHappened(); // a late answer to an old request
    spec
      .given([drafted(), regenerating('r2')])
      .when(draft('r2'))
      .thenState((state) => expect(state).toMatchObject({ status: 'draft', version: 2, content: 'new' }));
    spec
      .given([])
      .when({ type: 'RecordGenerationFailure', ...addressed, requestId: 'initial', reason: 'timeout', attempts: 5 })
      .thenState((state) => expect(state.status).toBe('failed'));
  });

  it('edits make a new version and drop an approval; nothing is edited while it is drafted', () => {
    spec.given([]).when(edit()).thenThrows(IllegalOutputTransitionError);
    spec.given([drafted(), regenerating()]).when(edit()).thenThrows(IllegalOutputTransitionError);
    spec
      .given([drafted(), approved()])
      .when(edit())
      .then([{ type: 'OutputEdited', data: { ...base, content: 'edited', version: 2, by, at } }]);
    spec.given([drafted()]).when(edit('draft 1')).thenNothingHappened();
    spec
      .given([failed])
      .when(edit('by hand'))
      .thenState((state) => expect(state).toMatchObject({ status: 'draft', content: 'by hand', version: 1 }));
  });

  it('approves drafts and rejected ones, never a failed or generating one; approving twice changes nothing', () => {
    spec.given([drafted()]).when(approve).then([approved()]);
    spec.given([drafted(), approved()]).when(approve).thenNothingHappened();
    spec
      .given([failed])
      .when(approve)
      .thenThrows(IllegalOutputTransitionError, /failed: it cannot be approved/);
    spec.given([]).when(approve).thenThrows(IllegalOutputTransitionError);
    spec
      .given([drafted(), { type: 'OutputRejected', data: { ...base, reason: 'no', by, at } }])
      .when(approve)
      .thenState((state) => expect(state.status).toBe('approved'));
    spec
      .given([drafted()])
      .when(reject)
      .thenState((state) => expect(state.status).toBe('rejected'));
    spec.given([failed]).when(reject).thenThrows(IllegalOutputTransitionError);
  });

  it('pushes only what is approved, each target once per approved version', () => {
    spec
      .given([drafted()])
      .when(push('clipboard'))
      .thenThrows(IllegalOutputTransitionError, /cannot be pushed before it is approved/);
    spec
      .given([drafted(), approved()])
      .when(push('psa'))
      .then([
        {
          type: 'OutputPushed',
          data: { ...base, pushId: 'p1', target: 'psa', to: null, reference: 'p1', version: 1, by, at },
        },
      ]);
    const pushedToPsa: OutputEvent = {
      type: 'OutputPushed',
      data: { ...base, pushId: 'p1', target: 'psa', to: null, reference: 'p1', version: 1, by, at },
    };
    spec.given([drafted(), approved(), pushedToPsa]).when(push('psa', 'p2')).thenNothingHappened();
    spec
      .given([drafted(), approved(), pushedToPsa])
      .when(push('knowledge_base', 'p3'))
      .thenState((state) => expect(state.pushes.knowledge_base).toEqual({ pushId: 'p3', reference: 'o1', at }));
    // A new approved version may go out again.
    spec
      .given([
        drafted(),
        approved(),
        pushedToPsa,
        { type: 'OutputEdited', data: { ...base, content: 'v2', version: 2, by, at } },
        approved(2),
      ])
      .when(push('psa', 'p4'))
      .thenState((state) => expect(state.pushes.psa?.pushId).toBe('p4'));
  });

  it('publishes only the article to the knowledge base', () => {
    const summary = { outputId: 'o2', sessionId: 's1', outputType: 'client_summary' as const, now: at };
    const summaryBase = { outputId: 'o2', sessionId: 's1', type: 'client_summary' as const };
    const summaryHistory: OutputEvent[] = [
      {
        type: 'OutputDrafted',
        data: { ...summaryBase, requestId: 'initial', content: 'c', model: 'offline', attempts: 1, version: 1, at },
      },
      { type: 'OutputApproved', data: { ...summaryBase, version: 1, by, at } },
    ];
    spec
      .given(summaryHistory)
      .when({ type: 'PushOutput', ...summary, pushId: 'p', target: 'knowledge_base', to: null, by })
      .thenThrows(OutputTargetError);
  });
});
