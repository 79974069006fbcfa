/** The most recipients one message may have: a push to e-mail goes to a few people, not a list. */
export const MAX_EMAIL_RECIPIENTS = 20;

/**
 * A plain addr-spec (local@domain, RFC 5321 lengths) with nothing a header could be forged with:
 * no whitespace, quotes, commas, angle brackets or control characters. Stricter than RFC 5322 on
 * purpose: quoted local parts and comments are refused.
 */
export function validEmailAddress(address: string): boolean {
  if (address.length > 254) return false;
  const match =
    /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/.exec(
      address,
    );
  return match !== null && match[1].length <= 64;
}
