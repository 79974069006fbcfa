import { randomUUID } from 'node:crypto';
import { type ExecutionContext, Injectable, type PipeTransform, createParamDecorator } from '@nestjs/common';
import { Clock } from '../decider/clock.js';
import type { CommandContext } from '../decider/command-context.js';
import type { AuthenticatedRequest, Principal } from './auth/principal.js';
import { expectedVersionFrom } from './etag.js';
import { requestIdOf } from './request-context.js';

/** What a write needs from its request: who asks, in which organization, and the version they last saw. */
export interface WriteContext {
  context: CommandContext;
  /** From If-Match; undefined when the header is absent. */
  expectedVersion?: number;
}

type UnstampedWrite = { context: Omit<CommandContext, 'now'>; expectedVersion?: number };

/** The command context of an authenticated request, without its time (the clock stamps it). */
export function requestContextOf(principal: Principal, requestId: string | undefined): Omit<CommandContext, 'now'> {
  return {
    tenantId: principal.tenantId,
    actor: principal.memberId ? { kind: 'member', id: principal.memberId } : { kind: 'api_key', id: principal.keyId },
    correlationId: requestId ?? randomUUID(),
    causationId: null,
    ...(requestId ? { requestId } : {}),
  };
}

const RequestWrite = createParamDecorator((_data: unknown, execution: ExecutionContext): UnstampedWrite => {
  const request = execution.switchToHttp().getRequest<AuthenticatedRequest>();
  const principal = request.principal;
  if (!principal) throw new Error('WriteContext used on a route without authentication');
  const ifMatch = request.headers['if-match'];
  const expectedVersion = expectedVersionFrom(Array.isArray(ifMatch) ? ifMatch[0] : ifMatch);
  return { context: requestContextOf(principal, requestIdOf(request)), ...(expectedVersion === undefined ? {} : { expectedVersion }) };
});

/** Stamps the request's context with the Clock's time: param decorators cannot inject, pipes can. */
@Injectable()
export class StampWithClock implements PipeTransform<UnstampedWrite, WriteContext> {
  constructor(private readonly clock: Clock) {}

  transform(write: UnstampedWrite): WriteContext {
    return { ...write, context: { ...write.context, now: this.clock.now().toISOString() } };
  }
}

/** `@Write() { context, expectedVersion }`: the command context from principal and request, and If-Match. */
export const Write = () => RequestWrite(StampWithClock);
