import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, map } from 'rxjs';
import { setETag } from './etag.js';

/** Response headers a route sets besides ETag, e.g. `Location` of what it created. */
export type ReplyHeaders = Readonly<Record<string, string>>;

/** A response body with headers to send: the interceptor sets them and answers with the body. */
export class Reply<Body> {
  constructor(
    readonly body: Body,
    readonly headers: ReplyHeaders = {},
  ) {}
}

/** A response body with the version of the resource it shows: the interceptor sends the version as ETag. */
export class Versioned<Body> extends Reply<Body> {
  constructor(
    readonly version: number,
    body: Body,
    headers: ReplyHeaders = {},
  ) {
    super(body, headers);
  }
}

export function versioned<Body>(version: number, body: Body, headers: ReplyHeaders = {}): Versioned<Body> {
  return new Versioned(version, body, headers);
}

export function reply<Body>(body: Body, headers: ReplyHeaders): Reply<Body> {
  return new Reply(body, headers);
}

/** Sets `ETag` from a `Versioned` result and the headers of a `Reply`, and answers with its body; other results pass unchanged. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Reply)) return result;
        const response = context.switchToHttp().getResponse<Response>();
        for (const [name, value] of Object.entries(result.headers)) response.setHeader(name, value);
        if (result instanceof Versioned) setETag(response, result.version);
        return result.body;
      }),
    );
  }
}
