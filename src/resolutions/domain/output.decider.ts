import type { Decider } from '../../platform/decider/decider.js';
import type { OutputCommand } from './output.commands.js';
import type { OutputEvent } from './output.events.js';
import { IllegalOutputTransitionError, OutputTargetError } from './resolution.errors.js';
import { type OutputState, evolveOutput, initialOutputState } from './output.state.js';
import type { OutputStatus } from './output.types.js';

const refuseIf = (state: OutputState, outputId: string, statuses: readonly OutputStatus[], change: string) => {
  if (statuses.includes(state.status)) throw new IllegalOutputTransitionError(outputId, state.status, change);
};

/**
 * A resolution's drafted document, reviewed before it leaves:
 *   generating ─draft→ draft ─approve→ approved ─push→ pushed (once per target)
 *   generating ─fail→ failed;   any but generating ─regenerate→ generating
 *   draft | approved | rejected | pushed | failed ─edit→ draft (an approval no longer holds)
 *   draft | approved ─reject→ rejected ─approve→ approved
 * A draft or failure answers one generation request: a late answer to an older one changes nothing,
 * so a re-run try never records twice. Approving what is approved, rejecting what is rejected and
 * pushing to a target already pushed to are no-ops (a retried request changes nothing).
 */
export const outputDecider: Decider<OutputState, OutputCommand, OutputEvent> = {
  initialState: initialOutputState,
  evolve: evolveOutput,
  decide(command, state) {
    const base = { outputId: command.outputId, sessionId: command.sessionId, type: command.outputType };
    const at = command.now;
    switch (command.type) {
      case 'RecordDraft': {
        if (state.status !== 'generating' || command.requestId !== state.requestId) return [];
        const { requestId, content, model, attempts } = command;
        return [{ type: 'OutputDrafted', data: { ...base, requestId, content, model, attempts, version: state.version + 1, at } }];
      }
      case 'RecordGenerationFailure': {
        if (state.status !== 'generating' || command.requestId !== state.requestId) return [];
        const { requestId, reason, attempts } = command;
        return [{ type: 'OutputGenerationFailed', data: { ...base, requestId, reason, attempts, at } }];
      }
      case 'EditOutput':
        refuseIf(state, command.outputId, ['generating'], 'be edited while it is being drafted');
        if (command.content === state.content && state.status === 'draft') return [];
        return [{ type: 'OutputEdited', data: { ...base, content: command.content, version: state.version + 1, by: command.by, at } }];
      case 'RegenerateOutput':
        refuseIf(state, command.outputId, ['generating'], 'be regenerated while it is being drafted');
        return [
          {
            type: 'OutputRegenerationRequested',
            data: { ...base, requestId: command.requestId, instructions: command.instructions, by: command.by, at },
          },
        ];
      case 'ApproveOutput':
        if (state.status === 'approved' || state.status === 'pushed') return [];
        refuseIf(state, command.outputId, ['generating', 'failed'], 'be approved');
        return [{ type: 'OutputApproved', data: { ...base, version: state.version, by: command.by, at } }];
      case 'RejectOutput':
        if (state.status === 'rejected') return [];
        refuseIf(state, command.outputId, ['generating', 'failed', 'pushed'], 'be rejected');
        return [{ type: 'OutputRejected', data: { ...base, reason: command.reason, by: command.by, at } }];
      case 'PushOutput': {
        if (state.status !== 'approved' && state.status !== 'pushed')
          throw new IllegalOutputTransitionError(command.outputId, state.status, 'be pushed before it is approved');
        if (command.target === 'knowledge_base' && command.outputType !== 'kb_article')
          throw new OutputTargetError(command.outputType, command.target);
        if (state.pushes[command.target]) return [];
        const reference = { psa: command.pushId, email: command.pushId, knowledge_base: command.outputId, clipboard: null }[command.target];
        return [
          {
            type: 'OutputPushed',
            data: {
              ...base,
              pushId: command.pushId,
              target: command.target,
              to: command.to,
              reference,
              version: state.approvedVersion ?? state.version,
              by: command.by,
              at,
            },
          },
        ];
      }
    }
  },
};
