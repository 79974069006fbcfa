import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { LlmGateway, LlmPurposes } from '../../platform/llm/index.js';
import { SUGGESTIONS_SCHEMA, type SuggestedHypothesis, suggestionsPrompt } from '../domain/suggestions-prompt.js';
import { SessionRepository } from './session.repository.js';
import { SuggestHypothesesQuery } from './suggest-hypotheses.query.js';

@QueryHandler(SuggestHypothesesQuery)
export class SuggestHypothesesHandler implements IQueryHandler<SuggestHypothesesQuery> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly llm: LlmGateway,
  ) {}

  async execute({ tenantId, sessionId }: SuggestHypothesesQuery): Promise<SuggestedHypothesis[]> {
    const { state } = await this.sessions.load(tenantId, sessionId);
    const known = Object.values(state.branches).map((b) => ({ label: b.label, status: b.status, reason: b.statusChange?.reason ?? null }));
    const result = await this.llm.structured<{ options: SuggestedHypothesis[] }>({
      tenantId,
      purpose: LlmPurposes.assess,
      schema: SUGGESTIONS_SCHEMA,
      schemaName: 'hypotheses',
      messages: suggestionsPrompt(state.problem, known),
    });
    return result.value.options;
  }
}
