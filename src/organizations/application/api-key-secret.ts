import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'ask_';

/** A new key: 256 random bits. Only its sha256 is stored; the key is shown once. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 12) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
