import type { PipelineEvent } from '../domain/pipeline.events.js';
import type { PipelineStatus } from '../domain/pipeline.types.js';
import type { PhaseView, PipelineView } from '../application/pipeline.view.js';

type Stage = 'running' | 'gate' | 'ready' | 'failed' | 'completed' | 'cancelled';
/** The read model's document with what its status derives from. */
export interface PipelineDocument extends PipelineView {
  stage: Stage;
  paused: boolean;
}

const statusOf = (stage: Stage, paused: boolean): PipelineStatus => {
  if (stage === 'completed') return 'completed';
  if (stage === 'cancelled') return 'cancelled';
  if (paused) return 'paused';
  if (stage === 'failed') return 'failed';
  if (stage === 'gate') return 'waiting_for_approval';
  return 'running';
};

function withPhase(doc: PipelineDocument, phase: string, change: (view: PhaseView) => PhaseView): PipelineDocument {
  return { ...doc, phases: doc.phases.map((view) => (view.phase === phase ? change(view) : view)) };
}

function settled(doc: PipelineDocument, stage: Stage, paused: boolean, at: string): PipelineDocument {
  const current = doc.phases.find((view) => view.status !== 'completed')?.phase ?? null;
  return {
    ...doc,
    stage,
    paused,
    status: statusOf(stage, paused),
    currentPhase: stage === 'completed' ? null : stage === 'gate' ? doc.waitingGate : current,
    updatedAt: at,
  };
}

/**
 * The pipeline's read-model document after `event`: a pure fold (emmett's `evolve(document | null,
 * event)`), so the projection only loads, applies and stores.
 */
export function evolvePipelineDocument(doc: PipelineDocument | null, event: PipelineEvent): PipelineDocument | null {
  if (event.type === 'PipelineStarted') {
    const d = event.data;
    const started: PipelineDocument = {
      id: d.pipelineId,
      featureRequest: d.featureRequest,
      squadId: d.squadId,
      status: 'running',
      stage: 'ready',
      paused: false,
      currentPhase: d.phases[0]?.phase ?? null,
      waitingGate: null,
      approvalGates: d.approvalGates,
      phases: d.phases.map(({ phase, agent }) => ({
        phase,
        agent,
        status: 'pending',
        attempts: 0,
        failedTries: 0,
        output: null,
        outputSummary: null,
        failure: null,
        startedAt: null,
        finishedAt: null,
        durationMs: 0,
        tokens: { input: 0, output: 0 },
      })),
      estimate: d.estimate,
      actualSessions: 0,
      tokens: { input: 0, output: 0 },
      scopeCreep: null,
      approvals: [],
      cancelled: null,
      createdBy: d.by,
      createdAt: d.at,
      updatedAt: d.at,
      completedAt: null,
    };
    return settled(started, 'ready', false, d.at);
  }
  if (!doc) return null;
  const spend = (view: PhaseView, durationMs: number, tokens: { input: number; output: number }): PhaseView => ({
    ...view,
    durationMs: view.durationMs + durationMs,
    tokens: { input: view.tokens.input + tokens.input, output: view.tokens.output + tokens.output },
  });
  const total = (d: PipelineDocument, tokens: { input: number; output: number }): PipelineDocument => ({
    ...d,
    tokens: { input: d.tokens.input + tokens.input, output: d.tokens.output + tokens.output },
  });
  switch (event.type) {
    case 'PipelinePhaseStarted': {
      const d = event.data;
      const moved = withPhase(doc, d.phase, (view) => ({
        ...view,
        status: 'running',
        attempts: d.attempt,
        failedTries: 0,
        failure: null,
        startedAt: d.at,
        finishedAt: null,
      }));
      return settled({ ...moved, actualSessions: doc.actualSessions + 1 }, 'running', doc.paused, d.at);
    }
    case 'PipelinePhaseCompleted': {
      const d = event.data;
      const moved = withPhase(doc, d.phase, (view) => ({
        ...spend(view, d.durationMs, d.tokens),
        status: 'completed',
        output: d.output,
        outputSummary: d.outputSummary,
        finishedAt: d.at,
      }));
      return settled(total(moved, d.tokens), 'ready', doc.paused, d.at);
    }
    case 'PipelinePhaseTryFailed': {
      const d = event.data;
      const moved = withPhase(doc, d.phase, (view) => ({ ...spend(view, d.durationMs, d.tokens), failedTries: view.failedTries + 1 }));
      return { ...total(moved, d.tokens), updatedAt: d.at };
    }
    case 'PipelinePhaseFailed': {
      const d = event.data;
      const moved = withPhase(doc, d.phase, (view) => ({
        ...spend(view, d.durationMs, d.tokens),
        status: 'failed',
        failure: { reason: d.reason, attempt: d.attempt, at: d.at },
        finishedAt: d.at,
      }));
      return settled(total(moved, d.tokens), 'failed', doc.paused, d.at);
    }
    case 'PipelineGateWaiting':
      return settled({ ...doc, waitingGate: event.data.phase }, 'gate', doc.paused, event.data.at);
    case 'PipelineGateApproved': {
      const { phase, note, by, at } = event.data;
      return settled({ ...doc, waitingGate: null, approvals: [...doc.approvals, { phase, note, by, at }] }, 'ready', doc.paused, at);
    }
    case 'PipelinePaused':
      return settled(doc, doc.stage, true, event.data.at);
    case 'PipelineResumed':
      return settled(doc, doc.stage, false, event.data.at);
    case 'PipelineCancelled': {
      const { reason, by, at } = event.data;
      return settled({ ...doc, cancelled: { reason, by, at } }, 'cancelled', doc.paused, at);
    }
    case 'PipelineScopeCreepFlagged': {
      const { plannedSteps, completedSteps, ratio, at } = event.data;
      return { ...doc, scopeCreep: { plannedSteps, completedSteps, ratio, at }, updatedAt: at };
    }
    case 'PipelineCompleted':
      return settled({ ...doc, actualSessions: event.data.actualSessions, completedAt: event.data.at }, 'completed', false, event.data.at);
  }
}

/** The document without its internal fields: what the API answers. */
export function viewOf({ stage: _stage, paused: _paused, ...view }: PipelineDocument): PipelineView {
  return view;
}
