/**
 * A typed client of the Agent Squad REST API: openapi-fetch over the types that `npm run client`
 * generates from docs/openapi.json into schema.d.ts (never edit that file by hand).
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
/** The schemas of the document by name: `Schema<'SquadDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type AgentSquadClient = Client<paths>;

export interface AgentSquadClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The server, e.g. http://localhost:3000 (paths in the document start with /api/v1). */
  baseUrl: string;
  /** An API key (`ask_…`), sent as `Authorization: Bearer <key>`. */
  apiKey: string;
}

export function createAgentSquadClient({ baseUrl, apiKey, headers, ...options }: AgentSquadClientOptions): AgentSquadClient {
  return createClient<paths>({ ...options, baseUrl, headers: { ...headers, Authorization: `Bearer ${apiKey}` } });
}
