import type { INestApplicationContext } from '@nestjs/common';
import { TenancyService } from '../application/tenancy.service.js';
import { PLANS, type Plan } from '../domain/organization.events.js';
import { keyLine } from '../../platform/observability/startup-banner.js';
import { parseArgs } from './cli-args.js';

export const ORG_CREATE_USAGE = 'org:create <name> [--plan free|pro|team|enterprise]';

/** `org:create <name> [--plan …]`: creates an organization and prints its first admin key, once. */
export async function orgCreate(app: INestApplicationContext, args: readonly string[]): Promise<string> {
  const { positional, flags } = parseArgs(args);
  const name = positional.join(' ').trim();
  if (name.length === 0 || name.length > 100) throw new Error(`usage: ${ORG_CREATE_USAGE}`);
  const plan = flags.get('plan') ?? 'free';
  if (!(PLANS as readonly string[]).includes(plan)) throw new Error(`--plan must be one of ${PLANS.join(', ')}`);
  const created = await app.get(TenancyService).createOrganization(name, plan as Plan);
  return [
    `Organization "${name}" created: ${created.organizationId} (plan ${plan})`,
    '',
    'Its admin API key, shown only this once (paste it into your shell):',
    keyLine(created.adminKey),
    '',
    `Try: curl -H "Authorization: Bearer $KEY" http://localhost:3000/api/v1/organizations/${created.organizationId}`,
  ].join('\n');
}
