import { createHash, createHmac } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: the X-AgentSquad-Signature header. */
export function psaSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

/** A short fingerprint of a secret for logs and audit: never enough to recover or forge with. */
export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}
