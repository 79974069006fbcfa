/**
 * On whose behalf a call is made. Budgets of the agent, its squad and its organization are charged
 * for it, and the agent's preferred providers serve it first. Kept apart from llm.types.ts so the
 * call vocabulary there can grow without this.
 */
export interface LlmCallScope {
  /** The agent definition's slug, when an agent makes the call. */
  agentSlug?: string;
  /** The squad the call is made in (a conversation's squad). */
  squadId?: string;
  /**
   * The agent's `model.providerPreference`: provider names (`openai`) or name and model
   * (`openai/gpt-4o-mini`), tried in this order before the global chain.
   */
  providerPreference?: readonly string[];
}

/**
 * Why the provider that answered was chosen: the agent's preference, the global chain after the
 * preference failed (`fallback`) or without one (`default`), or the offline model because a
 * `degrade` budget was spent (`degraded`).
 */
export type ServedBecause = 'preferred' | 'fallback' | 'default' | 'degraded';
