import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { keyCreate, orgCreate } from './organizations/index.js';
import { loadConfig } from './platform/config/app-config.js';
import { resolveDatabase } from './platform/database/resolve-database.js';
import { ProjectionRebuilder } from './platform/projections/projection-runner.js';
import { OrganizationContentSeeder } from './wiring/organization-content.seeder.js';

/** A command of `npm run cli -- <name> [args…]`: returns the text to print. */
type CliCommand = (app: INestApplicationContext, args: string[]) => Promise<string>;

const commands: Record<string, { usage: string; run: CliCommand }> = {
  'projections:rebuild': {
    usage: 'projections:rebuild <name|all>   rebuild read models from position 0',
    run: async (app, [name]) => {
      if (!name) throw new UsageError('projections:rebuild needs a projection name or "all"');
      const results = await app.get(ProjectionRebuilder).rebuild(name);
      return results.map((r) => `rebuilt ${r.name} from ${r.events} events`).join('\n');
    },
  },
  'org:create': {
    usage: 'org:create <name> [--plan free|pro|team|enterprise]   create an organization; prints its admin key once',
    run: orgCreate,
  },
  'key:create': {
    usage: 'key:create --org <id> --role admin|operator|agent [--member <id>] [--name <label>]   issue an API key',
    run: keyCreate,
  },
  seed: {
    usage: 'seed                             install the shipped agent templates in every organization (safe to repeat)',
    run: async (app) => {
      const seeded = await app.get(OrganizationContentSeeder).seedAll();
      if (seeded.length === 0) return 'no organization yet: start the app once (it creates the demo organization) or run org:create';
      return seeded
        .map((s) => `organization ${s.organizationId}: ${s.installed} agent templates installed, ${s.alreadyPresent} already present`)
        .join('\n');
    },
  },
};

class UsageError extends Error {}

function usage(): string {
  return ['usage: npm run cli -- <command> [args]', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `unknown command "${name}"\n` : ''}${usage()}\n`);
    return 2;
  }
  // A command never creates the demo organization: only the first start of the app does.
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', DEMO_ORGANIZATION: 'false' });
  const database = await resolveDatabase(config, () => undefined);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, databaseUrl: database.url }), {
    logger: ['error', 'warn'],
  });
  try {
    process.stdout.write(`${await command.run(app, args)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${error instanceof UsageError ? `${usage()}\n` : ''}`);
    return 1;
  } finally {
    await app.close();
    // A server the running app started is left to it; one this command started is stopped.
    if (database.embedded && !database.embedded.adopted) await database.embedded.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
