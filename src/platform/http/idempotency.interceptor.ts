import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { type Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import type { AuthenticatedRequest } from './auth/principal.js';
import { IdempotencyStore, type StoredResponse } from './idempotency.store.js';
import { ProblemError, problem } from './problem.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const NOT_STORED = 'agent-squad:idempotency-not-stored';

/** Response fields never written to the idempotency store (secrets shown once); a replay omits them. */
export const IdempotencyNotStored = (...fields: string[]) => SetMetadata(NOT_STORED, fields);
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const WAIT_STEP_MS = 25;
const WAIT_LIMIT_MS = 15_000;
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * POST with `Idempotency-Key`: the first request runs; a repeat with the same body (even while the
 * first is still running) gets the first response again, and nothing runs twice; a repeat with
 * another body is refused with 422. Failed requests free the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw new ProblemError(problem('validation', 'Idempotency-Key must be 1 to 255 visible ASCII characters'));
    }
    const tenantId = request.principal.tenantId;
    const hash = requestHash(request.method, request.originalUrl, request.body);
    const response = context.switchToHttp().getResponse<Response>();
    // Echoed so a client (or a proxy log) can tie the response to the key it sent.
    response.setHeader('Idempotency-Key', key);
    const claim = await this.waitForClaim(tenantId, key, hash);
    if (claim.outcome === 'replay') return of(replay(response, claim.response));

    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const notStored = this.reflector.get<string[] | undefined>(NOT_STORED, context.getHandler()) ?? [];
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.store.complete(tenantId, key, { status, headers: replayedHeaders(response), body: without(body, notStored) });
        return body;
      }),
      catchError((error: unknown) => from(this.store.release(tenantId, key)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  private async waitForClaim(tenantId: string, key: string, hash: string) {
    for (let waited = 0; ; waited += WAIT_STEP_MS) {
      const claim = await this.store.claim(tenantId, key, hash);
      if (claim.outcome === 'mismatch')
        throw new ProblemError(problem('idempotency-key-reused', `Idempotency-Key "${key}" was first sent with another request`));
      if (claim.outcome !== 'in_progress') return claim;
      if (waited >= WAIT_LIMIT_MS) throw new ProblemError(problem('idempotency-in-progress', 'Retry once the first request has finished'));
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }
}

function replay(response: Response, stored: StoredResponse): unknown {
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader('Idempotent-Replayed', 'true');
  response.status(stored.status);
  return stored.body;
}

function without(body: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0 || typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).filter(([field]) => !fields.includes(field)));
}

function replayedHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
