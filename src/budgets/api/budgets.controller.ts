import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { ListBudgetsQuery } from '../application/list-budgets.query.js';
import { SetBudgetCommand } from '../application/set-budget.command.js';
import { BudgetDto, BudgetListDto, SetBudgetDto } from './budget.dto.js';

/** Language-model spending limits of the caller's organization, its squads and its agents. */
@ApiTags('budgets')
@ApiAuthenticated()
@Controller('api/v1/budgets')
export class BudgetsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'listBudgets',
    summary: 'Budgets with their spend so far and projected for the period',
    roles: ['admin', 'operator'],
  })
  @ApiOkResponse({ type: BudgetListDto })
  async listBudgets(@CurrentPrincipal() principal: Principal): Promise<BudgetListDto> {
    return { budgets: await this.queries.execute(new ListBudgetsQuery(principal.tenantId)) };
  }

  @Put()
  @Endpoint({
    operationId: 'setBudget',
    summary: 'Set the budget of the organization, a squad or an agent for a day or a month',
    description:
      'One budget per scope, target and period; setting it again replaces it. Calls reserve their estimate before they run ' +
      'and settle the actual after, so concurrent calls cannot overshoot the limit by more than one estimate.',
    roles: ['admin'],
    problems: ['validation', 'not-found', 'domain-rule'],
  })
  @ApiOkResponse({ type: BudgetDto })
  setBudget(@Write() { context }: WriteContext, @Body() body: SetBudgetDto): Promise<BudgetDto> {
    return this.commands.execute(new SetBudgetCommand(context, body));
  }
}
