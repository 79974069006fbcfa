import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The API key of a request: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function apiKeyFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header.trim().length > 0) return header.trim();
  return undefined;
}

/** What the server keeps of a key in memory (rate-limit trackers, recently valid keys): its SHA-256. */
export const keyFingerprint = (key: string): string => createHash('sha256').update(key).digest('hex');
