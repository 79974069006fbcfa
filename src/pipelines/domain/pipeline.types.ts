/** The phases a pipeline may run, in their default order; each has its own output schema. */
export const PIPELINE_PHASES = ['why', 'research', 'plan', 'build', 'test', 'review', 'retrospective'] as const;
export type PipelinePhase = (typeof PIPELINE_PHASES)[number];

/** The registry template each phase runs by default. */
export const DEFAULT_PHASE_AGENTS: Record<PipelinePhase, string> = {
  why: 'pipeline-why',
  research: 'pipeline-research',
  plan: 'pipeline-architect',
  build: 'pipeline-builder',
  test: 'pipeline-tester',
  review: 'pipeline-reviewer',
  retrospective: 'pipeline-retrospective',
};

export const PIPELINE_STATUSES = ['running', 'waiting_for_approval', 'paused', 'failed', 'cancelled', 'completed'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

export const PHASE_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];

/** The published registry agent version a phase runs. */
export interface PhaseAgent {
  slug: string;
  version: string;
}

export interface PlannedPhase {
  phase: PipelinePhase;
  agent: PhaseAgent;
}

/** The caller's estimate and the organization's correction factor applied to it. */
export interface PipelineEstimate {
  sessions: number;
  complexity: number;
  /** Mean actual/estimated sessions of the organization's last 90 days; null with no completed estimate. */
  correctionFactor: number | null;
  /** sessions × correctionFactor (rounded to 0.1); `sessions` when there is no factor. */
  adjustedSessions: number;
}

export interface PhaseTokens {
  input: number;
  output: number;
}

/** A completed build phase that did more than 1.5× the planned steps. */
export const SCOPE_CREEP_RATIO = 1.5;

export function adjustedEstimate(sessions: number, complexity: number, factor: number | null): PipelineEstimate {
  const adjusted = factor === null ? sessions : Math.round(sessions * factor * 10) / 10;
  return { sessions, complexity, correctionFactor: factor, adjustedSessions: adjusted };
}

/** The number of items of an array field of a phase's output (0 when absent). */
export function countOf(output: unknown, field: string): number {
  if (typeof output !== 'object' || output === null) return 0;
  const value = (output as Record<string, unknown>)[field];
  return Array.isArray(value) ? value.length : 0;
}

/** Which field of the plan's and the build's output counts planned and completed build steps. */
export const PLANNED_STEPS_FIELD = 'buildSteps';
export const COMPLETED_STEPS_FIELD = 'completedSteps';
