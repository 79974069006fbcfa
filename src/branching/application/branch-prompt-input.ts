import type { AttachmentText, BranchPromptInput, KnowledgeArticle } from '../domain/branch-prompt.js';
import type { OpenSession } from '../domain/session.state.js';
import type { BranchMessageView } from './session.view.js';

/** The prompt budget in tokens: room for the reply in a small (8k) context window. */
export const PROMPT_BUDGET_TOKENS = 6_000;

/** Gathers the prompt builder's input from the session's state and the branch's history (all read beforehand). */
export function branchPromptInput(
  state: OpenSession,
  branchId: string,
  history: readonly BranchMessageView[],
  newMessage: string,
  attachments: readonly AttachmentText[],
  articles: readonly KnowledgeArticle[] = [],
): BranchPromptInput {
  const branch = state.branches[branchId];
  const source = branch.revival ? state.branches[branch.revival.evidenceFromBranchId] : undefined;
  return {
    problem: state.problem,
    domain: state.domain,
    branch: { label: branch.label, description: branch.description, status: branch.status },
    history: history.map((message) => ({ role: message.role, text: message.text, inherited: message.inherited })),
    siblings: Object.values(state.branches)
      .filter((other) => other.id !== branchId)
      .map((other) => ({
        label: other.label,
        status: other.status,
        statusReason: other.statusChange?.reason ?? null,
        summary: other.summary,
      })),
    revival: branch.revival ? { evidence: branch.revival.evidence, fromLabel: source?.label ?? 'another branch' } : null,
    attachments,
    newMessage,
    articles,
    budgetTokens: PROMPT_BUDGET_TOKENS,
  };
}
