import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { GetSquadQuery } from '../../organizations/index.js';
import { AgentDefinitionsQueries } from '../../registry/index.js';
import { budgetDecider } from '../domain/budget.decider.js';
import { InvalidBudgetError } from '../domain/budget.errors.js';
import { budgetStreamId } from '../domain/budget.stream.js';
import { type BudgetDefinition, DEFAULT_THRESHOLDS, budgetIdOf } from '../domain/budget.types.js';
import type { BudgetView } from './budget.view.js';
import { BudgetsReader } from './budgets.reader.js';
import { type BudgetInput, SetBudgetCommand } from './set-budget.command.js';

/** The squad or agent a budget names, checked in the caller's organization (another's is not found). */
function scopeIdOf(input: BudgetInput): string | null {
  const named = { squad: input.squadId, agent: input.agentSlug };
  if (input.scope === 'organization') {
    if (named.squad !== undefined || named.agent !== undefined)
      throw new InvalidBudgetError('an organization budget names no squadId or agentSlug');
    return null;
  }
  const other = input.scope === 'squad' ? named.agent : named.squad;
  const id = named[input.scope];
  if (id === undefined) throw new InvalidBudgetError(`a ${input.scope} budget needs ${input.scope === 'squad' ? 'squadId' : 'agentSlug'}`);
  if (other !== undefined) throw new InvalidBudgetError(`a ${input.scope} budget names only its ${input.scope}`);
  return id;
}

@CommandHandler(SetBudgetCommand)
export class SetBudgetHandler implements ICommandHandler<SetBudgetCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly queries: QueryBus,
    private readonly agents: AgentDefinitionsQueries,
    private readonly budgets: BudgetsReader,
  ) {}

  async execute({ context, input }: SetBudgetCommand): Promise<BudgetView> {
    const tenantId = context.tenantId;
    const scopeId = scopeIdOf(input);
    if (input.scope === 'squad' && scopeId) await this.queries.execute(new GetSquadQuery(tenantId, scopeId));
    if (input.scope === 'agent' && scopeId) await this.agents.get(tenantId, scopeId);
    const budget: BudgetDefinition = {
      budgetId: budgetIdOf(input.scope, scopeId, input.period),
      scope: input.scope,
      scopeId,
      period: input.period,
      limitUsd: input.limitUsd ?? null,
      limitTokens: input.limitTokens ?? null,
      mode: input.mode,
      thresholds: input.thresholds ?? [...DEFAULT_THRESHOLDS],
    };
    await handleCommand(
      this.store,
      budgetStreamId(tenantId, budget.budgetId),
      budgetDecider,
      { type: 'SetBudget', organizationId: tenantId, budget, now: context.now },
      { metadata: metadataOf(context) },
    );
    const [view] = await this.budgets.list(tenantId, Date.parse(context.now), budget.budgetId);
    return view;
  }
}
