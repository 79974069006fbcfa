export interface AgentLogView {
  id: string;
  pipelineId: string;
  agent: { slug: string; version: string };
  phase: string;
  attempt: number;
  action: string;
  inputSummary: string;
  outputSummary: string | null;
  durationMs: number;
  success: boolean;
  error: string | null;
  model: string | null;
  tokens: { input: number; output: number };
  loggedAt: string;
}

export interface AgentLogFilter {
  pipelineId?: string;
  agent?: string;
  phase?: string;
  success?: boolean;
  from?: string;
  to?: string;
}

export interface AgentDurationStatistics {
  agent: string;
  calls: number;
  failures: number;
  averageDurationMs: number;
  p95DurationMs: number;
}
