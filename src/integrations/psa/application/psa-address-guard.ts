import { lookup } from 'node:dns';
import { promises as dns } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isRefusedAddress } from '../domain/psa-url-guard.js';

/** Every address `host` resolves to; the first refused one, if any. */
export async function refusedAddressOf(host: string): Promise<string | undefined> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return isRefusedAddress(bare) ? bare : undefined;
  const addresses = await dns.lookup(bare, { all: true, verbatim: true });
  return addresses.map((entry) => entry.address).find((address) => isRefusedAddress(address));
}

/**
 * A `lookup` for http.request that refuses a refused address as the socket resolves it: the address
 * checked is the one connected to, so a DNS answer that changed since configuration (rebinding)
 * fails the attempt. IP literals skip lookup, so the caller checks those before the request.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, list) => {
    if (error) return callback(error, '', 0);
    const bad = list.find((entry) => isRefusedAddress(entry.address));
    if (bad)
      return callback(
        Object.assign(new Error(`${hostname} resolves to refused address ${bad.address}`), { code: 'EREFUSEDADDRESS' }),
        '',
        0,
      );
    if (options.all) return callback(null, list);
    return callback(null, list[0].address, list[0].family);
  });
};
