import type { INestApplicationContext } from '@nestjs/common';
import { TenancyService } from '../application/tenancy.service.js';
import { API_KEY_ROLES, type ApiKeyRole } from '../domain/api-key.events.js';
import { keyLine } from '../../platform/observability/startup-banner.js';
import { parseArgs } from './cli-args.js';

export const KEY_CREATE_USAGE = 'key:create --org <organizationId> --role admin|operator|agent [--member <memberId>] [--name <label>]';

/** `key:create …`: issues an API key in an organization and prints it, once. */
export async function keyCreate(app: INestApplicationContext, args: readonly string[]): Promise<string> {
  const { flags } = parseArgs(args);
  const organizationId = flags.get('org');
  const role = flags.get('role');
  if (!organizationId || !role) throw new Error(`usage: ${KEY_CREATE_USAGE}`);
  if (!(API_KEY_ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${API_KEY_ROLES.join(', ')}`);
  const name = flags.get('name') ?? `${role} key`;
  const memberId = flags.get('member');
  const issued = await app
    .get(TenancyService)
    .issueKey(organizationId, { name, role: role as ApiKeyRole, ...(memberId ? { memberId } : {}) });
  return [
    `API key ${issued.keyId} (${role}) issued in organization ${organizationId}.`,
    '',
    'The key, shown only this once (paste it into your shell):',
    keyLine(issued.key),
  ].join('\n');
}
