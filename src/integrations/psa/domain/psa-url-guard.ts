import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless configuration allows it (server-side request forgery):
 * loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud metadata address,
 * fe80::/10), unspecified, carrier-grade NAT, and IPv4 mapped into IPv6 in any of those.
 */
const refused = new BlockList();
refused.addSubnet('0.0.0.0', 8, 'ipv4');
refused.addSubnet('10.0.0.0', 8, 'ipv4');
refused.addSubnet('100.64.0.0', 10, 'ipv4');
refused.addSubnet('127.0.0.0', 8, 'ipv4');
refused.addSubnet('169.254.0.0', 16, 'ipv4');
refused.addSubnet('172.16.0.0', 12, 'ipv4');
refused.addSubnet('192.168.0.0', 16, 'ipv4');
refused.addSubnet('::', 128, 'ipv6');
refused.addSubnet('::1', 128, 'ipv6');
refused.addSubnet('fc00::', 7, 'ipv6');
refused.addSubnet('fe80::', 10, 'ipv6');
// AWS's IPv6 metadata endpoint (fd00:ec2::254) is inside fc00::/7 already.

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** True when `address` (an IP literal) is in a refused range; anything not an IP is refused too. */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = MAPPED_IPV4.exec(bare);
  if (mapped) return isRefusedAddress(mapped[1]);
  const family = isIP(bare);
  if (family === 0) return true;
  return refused.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * The checks that need no DNS: a parseable http(s) URL without credentials, and no refused IP literal.
 * Names (`localhost` included) are judged by what they resolve to, at configuration and at each try.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} is not http or https` };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed; sign with the secret' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) !== 0 && isRefusedAddress(host)) return { ok: false, reason: `address ${host} is in a refused range` };
  return { ok: true, url };
}
