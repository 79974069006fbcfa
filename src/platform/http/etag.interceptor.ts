import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, map } from 'rxjs';
import { setETag } from './etag.js';

/** A response body with the version of the resource it shows: the interceptor sends the version as ETag. */
export class Versioned<Body> {
  constructor(
    readonly version: number,
    readonly body: Body,
  ) {}
}

export function versioned<Body>(version: number, body: Body): Versioned<Body> {
  return new Versioned(version, body);
}

/** Sets `ETag` from a `Versioned` result and answers with its body; other results pass unchanged. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Versioned)) return result;
        setETag(context.switchToHttp().getResponse<Response>(), result.version);
        return result.body;
      }),
    );
  }
}
