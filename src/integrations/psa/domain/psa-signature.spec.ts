import { createHmac } from 'node:crypto';
import { psaSignature, secretFingerprint } from './psa-signature.js';

describe('psaSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>" under the secret', () => {
    const body = '{"id":"d-1"}';
    const expected = createHmac('sha256', 'whsec_0123456789abcdef').update(`1764669600.${body}`).digest('hex');
    expect(psaSignature('whsec_0123456789abcdef', 1764669600, body)).toBe(`sha256=${expected}`);
  });

  it('a known vector (so a receiver in another language can check its implementation)', () => {
    expect(psaSignature('secret', 0, '')).toBe(`sha256=${createHmac('sha256', 'secret').update('0.').digest('hex')}`);
    expect(psaSignature('secret', 0, '')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('changes with the timestamp, the body and the secret', () => {
    const base = psaSignature('whsec_0123456789abcdef', 1, 'x');
    expect(psaSignature('whsec_0123456789abcdef', 2, 'x')).not.toBe(base);
    expect(psaSignature('whsec_0123456789abcdef', 1, 'y')).not.toBe(base);
    expect(psaSignature('whsec_fedcba9876543210', 1, 'x')).not.toBe(base);
  });

  it('a fingerprint is short and does not contain the secret', () => {
    const fingerprint = secretFingerprint('whsec_0123456789abcdef');
    expect(fingerprint).toHaveLength(12);
    expect('whsec_0123456789abcdef').not.toContain(fingerprint);
  });
});
