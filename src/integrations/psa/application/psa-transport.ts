import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { PsaAttemptResult } from '../domain/psa-delivery.decider.js';
import { isRefusedAddress } from '../domain/psa-url-guard.js';
import { guardedLookup } from './psa-address-guard.js';

export interface PsaPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** The most of a receiver's answer read (and then dropped): only its status matters. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One POST, with node:http so the connected address can be checked (see guardedLookup); redirects
 * are not followed. Never throws: a timeout, connection error or refused address is a result.
 */
export function postWebhook(post: PsaPost): Promise<PsaAttemptResult> {
  const url = new URL(post.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!post.allowPrivate && isIP(host) !== 0 && isRefusedAddress(host))
    return Promise.resolve({ kind: 'error', error: `address ${host} is in a refused range` });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PsaAttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body) },
        ...(post.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => {
          const retryAfter = response.headers['retry-after'];
          finish({ kind: 'response', statusCode: response.statusCode ?? 0, ...(retryAfter ? { retryAfter } : {}) });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    // A whole-attempt budget (connect, send, answer), not only an idle-socket timeout.
    const timer = setTimeout(() => {
      finish({ kind: 'error', error: `timed out after ${post.timeoutMs} ms` });
      request.destroy();
    }, post.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'error', error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    request.end(post.body);
  });
}
