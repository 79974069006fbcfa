import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AppModule } from '../../../src/app.module.js';
import { TenancyService } from '../../../src/organizations/index.js';
import { loadConfig } from '../../../src/platform/config/app-config.js';
import { Database } from '../../../src/platform/database/database.js';
import { EventStore } from '../../../src/platform/event-store/event-store.js';
import type { CommandContext } from '../../../src/platform/decider/command-context.js';
import { ProjectionRebuilder, ProjectionRunner } from '../../../src/platform/projections/projection-runner.js';
import { ProjectionRegistry } from '../../../src/platform/projections/projection-registry.js';
import { BulkCreateRoutingRulesCommand, ChangeInteractionSettingsCommand } from '../../../src/routing/index.js';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.js';
import { until } from '../../support/until.js';
import { untilReadable } from '../../support/until-readable.js';

/** The roles of a testbed squad's chain, by level. */
export const CHAIN_ROLES = ['tech_lead', 'solution_architect', 'project_manager'] as const;

export interface TestbedSquad {
  tenantId: string;
  squadId: string;
  askerId: string;
  /** Responders by level: tech_lead (0), solution_architect (1), project_manager (2). */
  levels: string[];
  /** A member outside the chain (security_engineer), for referrals. */
  expertId: string;
  /** A command context of this organization, as an API key of it would make one. */
  context(): CommandContext;
}

export interface ConversationsTestbed {
  context: INestApplicationContext;
  commands: CommandBus;
  queries: QueryBus;
  db: Database;
  rebuilder: ProjectionRebuilder;
  /** Runs every async projection up to the store's head (they also follow by themselves). */
  catchUp(): Promise<void>;
  /** An organization with a squad whose backend developer asks tech lead → architect → manager. */
  squad(settings?: { firstTimeoutSeconds?: number; followUpTimeoutSeconds?: number }): Promise<TestbedSquad>;
  close(): Promise<void>;
}

/**
 * The medium tier: the whole application on a database of its own, driven through its command and
 * query buses — real handlers, projections, deadlines and Postgres, no HTTP. 1 second of
 * interaction settings lasts `interactionSecondMs` here.
 */
export async function startConversationsTestbed(interactionSecondMs = 50): Promise<ConversationsTestbed> {
  const database: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    DEMO_ORGANIZATION: 'false',
    DEADLINE_POLL_MS: '20',
    INTERACTION_SECOND_MS: String(interactionSecondMs),
    DATABASE_URL: database.url,
  });
  const context = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: database.url }), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  context.enableShutdownHooks();
  const commands = context.get(CommandBus);
  const tenancy = context.get(TenancyService);
  const runner = context.get(ProjectionRunner);
  const projections = context.get(ProjectionRegistry);
  const store = context.get(EventStore);
  const db = context.get(Database);

  const contextOf = (tenantId: string): CommandContext => ({
    tenantId,
    actor: { kind: 'api_key', id: 'testbed-admin' },
    correlationId: randomUUID(),
    causationId: null,
    now: new Date().toISOString(),
  });

  return {
    context,
    commands,
    queries: context.get(QueryBus),
    db,
    rebuilder: context.get(ProjectionRebuilder),
    async catchUp() {
      // Stepping stops at what followers can read; an append still committing would be missed.
      await untilReadable(store);
      const head = await store.readableHeadPosition();
      for (const projection of projections.async()) {
        // The app's own follower may hold the checkpoint row (step then skips it and reads 0):
        // done only when the checkpoint itself has reached the head.
        await until(
          async () => {
            await runner.step(projection);
            const [row] = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [projection.name]);
            return Number(row?.position ?? 0);
          },
          (position) => position >= head,
          `projection ${projection.name} reaching position ${head}`,
        );
      }
    },
    async squad(settings = {}) {
      const { organizationId: tenantId } = await tenancy.createOrganization(`Org ${randomUUID().slice(0, 6)}`, 'team');
      const people = [
        { kind: 'human' as const, role: 'backend_developer', displayName: 'Bea', agentSlug: null },
        ...CHAIN_ROLES.map((role, level) => ({ kind: 'human' as const, role, displayName: ['Lee', 'Ari', 'Pam'][level], agentSlug: null })),
        { kind: 'human' as const, role: 'security_engineer', displayName: 'Sec', agentSlug: null },
      ];
      const { squadId, memberIds } = await tenancy.createSquad(tenantId, 'Payments', people);
      const target = { kind: 'squad', squadId } as const;
      const rules = CHAIN_ROLES.map((role, level) => ({
        askerRole: 'backend_developer',
        questionType: 'default',
        level,
        responder: { kind: 'role' as const, role },
        priority: 0,
        active: true,
      }));
      await commands.execute(new BulkCreateRoutingRulesCommand(contextOf(tenantId), target, rules));
      await commands.execute(
        new ChangeInteractionSettingsCommand(contextOf(tenantId), squadId, {
          firstTimeoutSeconds: settings.firstTimeoutSeconds ?? 600,
          followUpTimeoutSeconds: settings.followUpTimeoutSeconds ?? 600,
        }),
      );
      return {
        tenantId,
        squadId,
        askerId: memberIds[0],
        levels: memberIds.slice(1, 1 + CHAIN_ROLES.length),
        expertId: memberIds[1 + CHAIN_ROLES.length],
        context: () => contextOf(tenantId),
      };
    },
    async close() {
      await context.close();
      await database.drop();
    },
  };
}
