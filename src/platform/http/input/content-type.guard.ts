import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { ProblemError, problem } from '../problem.js';

const JSON_MEDIA_TYPES = ['application/json'];
const ACCEPTED_MEDIA_TYPES = 'agent-squad:accepted-media-types';

/** The body media types an operation accepts instead of JSON: enforced (415) and documented. */
export const AcceptsMediaTypes = (...types: string[]) => applyDecorators(ApiConsumes(...types), SetMetadata(ACCEPTED_MEDIA_TYPES, types));

/** A request carries a body when it says so: a non-zero Content-Length or a Transfer-Encoding. */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function mediaTypeOf(request: Request): string | undefined {
  return request.headers['content-type']?.split(';')[0].trim().toLowerCase() || undefined;
}

/**
 * A body must come in a media type the operation declares (`@AcceptsMediaTypes`; JSON by default,
 * `application/*+json` included): anything else — a form, XML, a body with no Content-Type — is a
 * 415 before any handler runs, so an operation only ever sees bodies of the type it declared.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!hasBody(request)) return true;
    const accepted =
      this.reflector.getAllAndOverride<string[] | undefined>(ACCEPTED_MEDIA_TYPES, [context.getHandler(), context.getClass()]) ??
      JSON_MEDIA_TYPES;
    const type = mediaTypeOf(request);
    const json = type !== undefined && /^application\/[a-z0-9.+-]*\+json$/.test(type) && accepted.includes('application/json');
    if (type !== undefined && (accepted.includes(type) || json)) return true;
    throw new ProblemError(
      problem(
        'unsupported-media-type',
        `Send the body as ${accepted.join(', ')}${type ? `, not ${type}` : ' with a Content-Type header'}`,
        {
          accepted,
        },
      ),
    );
  }
}
