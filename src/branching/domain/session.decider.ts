import { AggregateNotFoundError, type Decider, NotFoundError } from '../../platform/decider/decider.js';
import type { ForkBranch, ReviveBranch, SessionCommand } from './session.commands.js';
import { MAX_OPTIONS, MIN_OPTIONS } from './session.commands.js';
import {
  EvidenceFromSameBranchError,
  IllegalBranchTransitionError,
  InvalidForkError,
  PlanLimitError,
  SessionAlreadyExistsError,
  SessionResolvedError,
  SessionWaitingOnQueueError,
  UnknownBranchError,
} from './session.errors.js';
import type { SessionEvent } from './session.events.js';
import {
  type BranchState,
  type OpenSession,
  type SessionAttachment,
  type SessionState,
  evolve,
  initialState,
  lineageOf,
} from './session.state.js';
import type { BranchStatus } from './session.types.js';

/** Branches that were concluded take no further work until revived (dead ends) or at all (solved). */
export const CONCLUDED: readonly BranchStatus[] = ['dead_end', 'solved'];
/** Branches a message may be posted to: worked on and not concluded. */
export const OPEN_FOR_MESSAGES: readonly BranchStatus[] = ['active', 'revived'];

function branchOf(state: OpenSession, branchId: string): BranchState {
  const branch = state.branches[branchId];
  if (!branch) throw new UnknownBranchError(branchId);
  return branch;
}

function refuseIf(branch: BranchState, statuses: readonly BranchStatus[], transition: string): void {
  if (statuses.includes(branch.status)) throw new IllegalBranchTransitionError(branch.id, branch.status, transition);
}

/** Work on a session (forks, transitions, messages, files) waits while it is handed off and unclaimed. */
export function assertWorkable(state: OpenSession): void {
  if (state.status === 'resolved') throw new SessionResolvedError(state.id);
  if (state.status === 'paused' || state.status === 'escalated')
    throw new SessionWaitingOnQueueError(state.id, state.status, state.handoff?.handoffId ?? null);
}

/**
 * A file may be attached where a message may be posted. Exported for the upload handler, which checks
 * before reading and storing the file (the decider checks again on the state it appends to).
 */
export function assertAttachable(state: OpenSession, branchId: string): BranchState {
  assertWorkable(state);
  const branch = branchOf(state, branchId);
  if (!OPEN_FOR_MESSAGES.includes(branch.status)) throw new IllegalBranchTransitionError(branch.id, branch.status, 'take attachments');
  return branch;
}

/** The session's attachments a message cites, in the order cited; one it does not have is a 404. */
export function citedAttachments(state: OpenSession, attachmentIds: readonly string[]): SessionAttachment[] {
  return [...new Set(attachmentIds)].map((id) => {
    const attachment = state.attachments[id];
    if (!attachment) throw new NotFoundError('attachment', id);
    return attachment;
  });
}

function fork(command: ForkBranch, state: OpenSession): SessionEvent[] {
  const from = branchOf(state, command.fromBranchId);
  refuseIf(from, CONCLUDED, 'be forked');
  const count = command.options.length;
  if (count < MIN_OPTIONS || count > MAX_OPTIONS)
    throw new InvalidForkError(`a fork needs ${MIN_OPTIONS}–${MAX_OPTIONS} options, not ${count}`);
  if (command.branchIds.length !== count) throw new InvalidForkError('one branch id per option');
  const { limit, plan } = command.limit;
  if (limit !== null && count > limit) throw new PlanLimitError(plan, limit, count);
  // The fork position must lie in the history the branch has: its own messages, or what it inherited.
  const segment = lineageOf(state, from.id).find((s) => s.branchId === command.at.branchId);
  const inHistory = command.at.position === 0 || (segment !== undefined && (segment.upTo === null || command.at.position <= segment.upTo));
  if (!inHistory) throw new InvalidForkError(`the fork position is not part of branch ${from.id}'s history`);
  const activatedBranchId = command.activateFirst ? command.branchIds[0] : null;
  return [
    {
      type: 'BranchesForked',
      data: {
        sessionId: state.id,
        forkId: command.forkId,
        fromBranchId: from.id,
        at: command.at,
        reason: command.reason,
        branches: command.options.map((option, index) => ({
          branchId: command.branchIds[index],
          label: option.label,
          description: option.description,
          order: index + 1,
        })),
        activatedBranchId,
        forkedBy: command.by,
        forkedAt: command.now,
      },
    },
  ];
}

function revive(command: ReviveBranch, state: OpenSession): SessionEvent[] {
  const branch = branchOf(state, command.branchId);
  if (command.evidenceFromBranchId === branch.id) throw new EvidenceFromSameBranchError(branch.id);
  const source = branchOf(state, command.evidenceFromBranchId);
  if (branch.status !== 'dead_end') throw new IllegalBranchTransitionError(branch.id, branch.status, 'be revived (only dead ends are)');
  return [
    {
      type: 'BranchRevived',
      data: {
        sessionId: state.id,
        branchId: branch.id,
        evidenceFromBranchId: source.id,
        evidence: command.evidence,
        note: {
          messageId: command.noteMessageId,
          text: `Branch revived with evidence from "${source.label}": ${command.evidence}`,
        },
        previousBranchId: state.activeBranchId,
        by: command.by,
        at: command.now,
      },
    },
  ];
}

/**
 * A troubleshooting session: its branches, fork points and their statuses. Pure: time, actor and ids
 * come with the commands. Transitions:
 *   untried ─switch→ active;  active | revived ─switch→ (status kept, becomes the active branch)
 *   untried | active | revived ─dead-end→ dead_end ─revive→ revived (the active branch again)
 *   active | revived ─solved→ solved
 * Anything else on a branch is an IllegalBranchTransitionError (409). Switching to the branch
 * already active changes nothing. Files are attached to active or revived branches only.
 */
export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState,
  evolve,
  decide(command, state) {
    if (command.type === 'StartSession') {
      if (state.status !== 'none') throw new SessionAlreadyExistsError(command.sessionId);
      return [
        {
          type: 'SessionStarted',
          data: {
            sessionId: command.sessionId,
            organizationId: command.organizationId,
            squadId: command.squadId,
            problem: command.problem,
            domain: command.domain,
            title: command.title,
            rootBranchId: command.rootBranchId,
            startedBy: command.by,
            startedAt: command.now,
          },
        },
      ];
    }
    if (state.status === 'none') throw new AggregateNotFoundError('session');
    // The summary step of an exchange that finished before the handoff still lands.
    if (command.type !== 'UpdateBranchSummary') assertWorkable(state);
    const base = { sessionId: state.id };
    switch (command.type) {
      case 'ForkBranch':
        return fork(command, state);
      case 'SwitchBranch': {
        const branch = branchOf(state, command.branchId);
        refuseIf(branch, CONCLUDED, 'be switched to');
        if (state.activeBranchId === branch.id) return [];
        return [
          {
            type: 'BranchSwitched',
            data: {
              ...base,
              branchId: branch.id,
              previousBranchId: state.activeBranchId,
              activated: branch.status === 'untried',
              switchedBy: command.by,
              switchedAt: command.now,
            },
          },
        ];
      }
      case 'MarkDeadEnd': {
        const branch = branchOf(state, command.branchId);
        refuseIf(branch, CONCLUDED, 'be marked a dead end');
        return [
          { type: 'BranchMarkedDeadEnd', data: { ...base, branchId: branch.id, reason: command.reason, by: command.by, at: command.now } },
        ];
      }
      case 'MarkSolved': {
        const branch = branchOf(state, command.branchId);
        refuseIf(branch, [...CONCLUDED, 'untried'], 'be marked solved');
        return [
          { type: 'BranchMarkedSolved', data: { ...base, branchId: branch.id, reason: command.reason, by: command.by, at: command.now } },
        ];
      }
      case 'ReviveBranch':
        return revive(command, state);
      case 'AddAttachment': {
        const branch = assertAttachable(state, command.branchId);
        if (state.attachments[command.attachmentId]) return [];
        return [
          {
            type: 'AttachmentAdded',
            data: {
              ...base,
              attachmentId: command.attachmentId,
              branchId: branch.id,
              ...command.file,
              addedBy: command.by,
              addedAt: command.now,
            },
          },
        ];
      }
      case 'UpdateBranchSummary': {
        const branch = branchOf(state, command.branchId);
        if (command.throughPosition <= branch.summaryThroughPosition) return [];
        return [
          {
            type: 'BranchSummaryUpdated',
            data: {
              ...base,
              branchId: branch.id,
              summary: command.summary,
              throughPosition: command.throughPosition,
              updatedAt: command.now,
            },
          },
        ];
      }
    }
  },
};
