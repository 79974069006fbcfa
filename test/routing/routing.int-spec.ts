import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { CommandContext } from '../../src/platform/decider/command-context.js';
import { NotFoundError } from '../../src/platform/decider/decider.js';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-runner.js';
import {
  ApplyRoutingTemplateCommand,
  ChangeInteractionSettingsCommand,
  CreateRoutingRuleCommand,
  BulkCreateRoutingRulesCommand,
  CreateRoutingTemplateCommand,
  DeleteRoutingRuleCommand,
  GetRoutingChainQuery,
  RoutingReadModel,
  type RoutingRuleSpec,
  SetRoutingRuleActiveCommand,
  UpdateRoutingRuleCommand,
  UpdateRoutingTemplateCommand,
} from '../../src/routing/index.js';
import { type RoutingTestbed, startRoutingTestbed } from './support/routing-test-module.js';

function spec(askerRole: string, level: number, to: string, extra: Partial<RoutingRuleSpec> = {}): RoutingRuleSpec {
  return { askerRole, questionType: 'default', level, responder: { kind: 'role', role: to }, priority: 0, active: true, ...extra };
}

const team = [
  { id: randomUUID(), role: 'backend_developer', name: 'Bea' },
  { id: randomUUID(), role: 'tech_lead', name: 'Tess' },
  { id: randomUUID(), role: 'solution_architect', name: 'Sam' },
  { id: randomUUID(), role: 'project_manager', name: 'Pat' },
];

describe('routing against Postgres', () => {
  let bed: RoutingTestbed;
  let commands: CommandBus;
  let routing: RoutingReadModel;
  let tenant: string;
  let squad: string;
  let context: CommandContext;

  beforeAll(async () => {
    bed = await startRoutingTestbed();
    commands = bed.module.get(CommandBus);
    routing = bed.module.get(RoutingReadModel);
  });
  afterAll(() => bed.close());

  beforeEach(() => {
    // A fresh tenant and squad per test: no shared mutable fixtures.
    tenant = randomUUID();
    squad = randomUUID();
    bed.squads.add(tenant, squad, team);
    context = {
      tenantId: tenant,
      actor: { kind: 'api_key', id: 'key-1' },
      correlationId: randomUUID(),
      causationId: null,
      now: new Date().toISOString(),
    };
  });

  const onSquad = () => ({ kind: 'squad', squadId: squad }) as const;
  const chainIds = async (askerRole = 'backend_developer', questionType = 'default') =>
    (await routing.chainFor(tenant, squad, askerRole, questionType)).levels.map((level) => [
      level.level,
      level.rule.source,
      level.responders.map((member) => member.name),
    ]);

  it('resolves a chain from the read model, with responders and the reason', async () => {
    await commands.execute(
      new BulkCreateRoutingRulesCommand(context, onSquad(), [
        spec('backend_developer', 0, 'tech_lead'),
        spec('backend_developer', 1, 'solution_architect'),
      ]),
    );
    const chain = await routing.chainFor(tenant, squad, 'backend_developer', 'implementation');
    expect(chain.levels.map((level) => level.responders.map((member) => member.name))).toEqual([['Tess'], ['Sam']]);
    expect(chain.levels[0].why).toMatchObject({ source: 'squad', questionTypeMatch: 'default', decidedBy: 'only_candidate' });
  });

  it('is what GetRoutingChainQuery answers on the query bus', async () => {
    await commands.execute(new CreateRoutingRuleCommand(context, onSquad(), spec('backend_developer', 0, 'tech_lead')));
    const chain = await bed.module.get(QueryBus).execute(new GetRoutingChainQuery(tenant, squad, 'backend_developer', 'default'));
    expect(chain.levels).toHaveLength(1);
  });

  it('prefers squad rules, then organization rules, then the default template, level by level', async () => {
    await commands.execute(
      new CreateRoutingTemplateCommand(
        context,
        { name: 'Fallback', description: '', isPublic: false, isDefault: true },
        {
          rules: [0, 1, 2].map((level) => ({
            askerRole: 'backend_developer',
            questionType: 'default',
            level,
            responderRole: 'project_manager',
            priority: 0,
          })),
        },
      ),
    );
    await commands.execute(
      new CreateRoutingRuleCommand(context, { kind: 'organization' }, spec('backend_developer', 1, 'solution_architect')),
    );
    await commands.execute(new CreateRoutingRuleCommand(context, onSquad(), spec('backend_developer', 0, 'tech_lead')));
    expect(await chainIds()).toEqual([
      [0, 'squad', ['Tess']],
      [1, 'organization', ['Sam']],
      [2, 'template', ['Pat']],
    ]);
  });

  it('sees only the tenant’s own squads and organization rules', async () => {
    const other = randomUUID();
    bed.squads.add(other, randomUUID(), team);
    await commands.execute(
      new CreateRoutingRuleCommand({ ...context, tenantId: other }, { kind: 'organization' }, spec('backend_developer', 0, 'tech_lead')),
    );
    expect(await chainIds()).toEqual([]);
    await expect(routing.chainFor(other, squad, 'backend_developer', 'default')).rejects.toThrow(NotFoundError);
    await expect(
      commands.execute(new CreateRoutingRuleCommand({ ...context, tenantId: other }, onSquad(), spec('backend_developer', 0, 'tech_lead'))),
    ).rejects.toThrow(NotFoundError);
  });

  it('creates a bulk all or nothing', async () => {
    const bad = [
      spec('backend_developer', 0, 'tech_lead'),
      spec('backend_developer', 1, 'solution_architect'),
      spec('backend_developer', 0, 'tech_lead'),
    ];
    await expect(commands.execute(new BulkCreateRoutingRulesCommand(context, onSquad(), bad))).rejects.toThrow('repeats rule');
    expect(await routing.rules(tenant, onSquad(), { after: 0, limit: 10 })).toEqual([]);
    const [{ count }] = await bed.db.query<{ count: string }>(`SELECT count(*) FROM events WHERE stream_id = $1`, [
      `routing-squad-${squad}`,
    ]);
    expect(Number(count)).toBe(0);
  });

  it('refuses a rule naming a member of another squad', async () => {
    const stranger = { kind: 'member', memberId: randomUUID() } as const;
    await expect(
      commands.execute(new CreateRoutingRuleCommand(context, onSquad(), spec('backend_developer', 0, 'x', { responder: stranger }))),
    ).rejects.toThrow('not in the squad');
  });

  it('follows updates, deactivation, activation and deletion', async () => {
    const { ruleIds } = await commands.execute(new CreateRoutingRuleCommand(context, onSquad(), spec('backend_developer', 0, 'tech_lead')));
    const [ruleId] = ruleIds;
    await commands.execute(
      new UpdateRoutingRuleCommand(context, onSquad(), ruleId, { responder: { kind: 'member', memberId: team[2].id } }),
    );
    expect(await chainIds()).toEqual([[0, 'squad', ['Sam']]]);
    await commands.execute(new SetRoutingRuleActiveCommand(context, onSquad(), ruleId, false));
    expect(await chainIds()).toEqual([]);
    expect((await routing.rule(tenant, onSquad(), ruleId)).active).toBe(false);
    await commands.execute(new SetRoutingRuleActiveCommand(context, onSquad(), ruleId, true));
    expect(await chainIds()).toEqual([[0, 'squad', ['Sam']]]);
    await commands.execute(new DeleteRoutingRuleCommand(context, onSquad(), ruleId));
    await expect(routing.rule(tenant, onSquad(), ruleId)).rejects.toThrow(NotFoundError);
  });

  it('pages through rules in creation order', async () => {
    const specs = Array.from({ length: 5 }, (_, level) => spec('backend_developer', level, 'tech_lead'));
    const { ruleIds } = await commands.execute(new BulkCreateRoutingRulesCommand(context, onSquad(), specs));
    const first = await routing.rules(tenant, onSquad(), { after: 0, limit: 2 });
    expect(first.slice(0, 2).map((row) => row.rule.id)).toEqual(ruleIds.slice(0, 2));
    const rest = await routing.rules(tenant, onSquad(), { after: first[1].key, limit: 10 });
    expect(rest.map((row) => row.rule.id)).toEqual(ruleIds.slice(2));
  });

  it('applies a shipped template to a squad with matching members and validates clean', async () => {
    const roles = ['backend_developer', 'frontend_developer', 'qa_engineer', 'tech_lead', 'solution_architect', 'project_manager'];
    bed.squads.add(
      tenant,
      squad,
      roles.map((role) => ({ id: randomUUID(), role })),
    );
    const written = await commands.execute(new ApplyRoutingTemplateCommand(context, squad, 'builtin:standard-software-team', 'replace'));
    expect(written.ruleIds.length).toBeGreaterThan(20);
    expect(await routing.validateSquad(tenant, squad)).toEqual({ valid: true, issues: [] });
  });

  it('merges a template into existing rules without touching them', async () => {
    await commands.execute(new CreateRoutingRuleCommand(context, onSquad(), spec('backend_developer', 0, 'project_manager')));
    await commands.execute(new ApplyRoutingTemplateCommand(context, squad, 'builtin:standard-software-team', 'merge'));
    const chain = await routing.chainFor(tenant, squad, 'backend_developer', 'default');
    expect(chain.levels.map((level) => level.rule.responder)).toEqual([
      { kind: 'role', role: 'project_manager' },
      { kind: 'role', role: 'solution_architect' },
      { kind: 'role', role: 'project_manager' },
    ]);
    expect((await routing.validateSquad(tenant, squad)).issues.map((issue) => issue.code)).toContain('cycle');
  });

  it('captures a squad’s rules as a template another squad can use', async () => {
    await commands.execute(
      new BulkCreateRoutingRulesCommand(context, onSquad(), [
        spec('backend_developer', 0, 'tech_lead'),
        spec('backend_developer', 1, 'x', { responder: { kind: 'member', memberId: team[2].id } }),
      ]),
    );
    const created = await commands.execute(
      new CreateRoutingTemplateCommand(
        context,
        { name: 'Ours', description: '', isPublic: true, isDefault: false },
        { fromSquadId: squad },
      ),
    );
    expect(created.skippedRules).toBe(1);
    const second = randomUUID();
    bed.squads.add(tenant, second, team);
    await commands.execute(new ApplyRoutingTemplateCommand(context, second, created.templateId, 'replace'));
    expect((await routing.chainFor(tenant, second, 'backend_developer', 'default')).levels.map((level) => level.rule.responder)).toEqual([
      { kind: 'role', role: 'tech_lead' },
    ]);
    await commands.execute(new UpdateRoutingTemplateCommand(context, created.templateId, { isDefault: true }));
    const [row] = await bed.db.query<{ is_default: boolean }>('SELECT is_default FROM routing_templates WHERE template_id = $1', [
      created.templateId,
    ]);
    expect(row.is_default).toBe(true);
  });

  it('cuts the chain at the squad’s maximum level', async () => {
    await commands.execute(
      new BulkCreateRoutingRulesCommand(
        context,
        onSquad(),
        [0, 1, 2].map((level) => spec('backend_developer', level, ['tech_lead', 'solution_architect', 'project_manager'][level])),
      ),
    );
    await commands.execute(new ChangeInteractionSettingsCommand(context, squad, { maxLevel: 1, firstTimeoutSeconds: 600 }));
    const chain = await routing.chainFor(tenant, squad, 'backend_developer', 'default');
    expect(chain.levels.map((level) => level.level)).toEqual([0, 1]);
    expect(chain.beyondMaxLevel).toEqual([2]);
    expect(await routing.settings(tenant, squad)).toMatchObject({
      maxLevel: 1,
      firstTimeoutSeconds: 600,
      followUpTimeoutSeconds: 120,
      version: 1,
    });
  });

  it('retries a write that raced another on the same squad, losing neither', async () => {
    // Each round of the race has a winner, so four writers need at most the three retries handleCommand allows.
    await Promise.all(
      Array.from({ length: 4 }, (_, level) =>
        commands.execute(new CreateRoutingRuleCommand(context, onSquad(), spec('backend_developer', level, 'tech_lead'))),
      ),
    );
    expect(await routing.rules(tenant, onSquad(), { after: 0, limit: 20 })).toHaveLength(4);
  });

  it('rebuilds the read models to exactly the live tables', async () => {
    const { ruleIds } = await commands.execute(
      new BulkCreateRoutingRulesCommand(context, onSquad(), [
        spec('backend_developer', 0, 'tech_lead'),
        spec('tech_lead', 0, 'solution_architect'),
      ]),
    );
    await commands.execute(new UpdateRoutingRuleCommand(context, onSquad(), ruleIds[0], { priority: 3 }));
    await commands.execute(new SetRoutingRuleActiveCommand(context, onSquad(), ruleIds[1], false));
    await commands.execute(new ApplyRoutingTemplateCommand(context, squad, 'builtin:devops-team', 'merge'));
    await commands.execute(
      new CreateRoutingTemplateCommand(context, { name: 'T', description: '', isPublic: false, isDefault: true }, { fromSquadId: squad }),
    );
    await commands.execute(new ChangeInteractionSettingsCommand(context, squad, { maxLevel: 2 }));
    const snapshot = () =>
      Promise.all(
        ['routing_rules ORDER BY rule_id', 'routing_templates ORDER BY template_id', 'routing_interaction_settings ORDER BY squad_id'].map(
          (table) => bed.db.query(`SELECT * FROM ${table}`),
        ),
      );
    const live = await snapshot();
    await bed.module.get(ProjectionRebuilder).rebuild('routing_rules');
    await bed.module.get(ProjectionRebuilder).rebuild('routing_templates');
    await bed.module.get(ProjectionRebuilder).rebuild('routing_interaction_settings');
    expect(await snapshot()).toEqual(live);
  });
});
