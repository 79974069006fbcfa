import { applyDecorators, createParamDecorator, type ExecutionContext, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { AcceptsMediaTypes } from '../input/content-type.guard.js';
import { PROBLEM_BASE } from '../problem.js';
import { ProblemDto } from '../problem.dto.js';
import { SingleFileInterceptor, type SingleFileUploadOptions, uploadedFileOf } from './single-file.interceptor.js';
import { uploadProblemKinds, type UploadProblemKind } from './upload-problems.js';
import type { UploadedFileData } from './uploaded-file.js';

function problemResponse(kind: UploadProblemKind, description: string) {
  const { status, title } = uploadProblemKinds[kind];
  return ApiResponse({
    status,
    description,
    content: {
      'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) }, example: { type: PROBLEM_BASE + kind, title, status } },
    },
  });
}

/** The OpenAPI description of a multipart body with one file in `field`, its limit and types. */
export function ApiSingleFileBody(options: SingleFileUploadOptions & { description?: string }) {
  const limit = `at most ${options.maxBytes} bytes; ${options.contentTypes.join(', ')}`;
  return applyDecorators(
    ApiBody({
      description: `${options.description ?? 'One file'} (${limit}). No other form fields.`,
      required: true,
      schema: {
        type: 'object',
        required: [options.field],
        additionalProperties: false,
        properties: { [options.field]: { type: 'string', format: 'binary', description: `The file: ${limit}` } },
      },
    }),
    ApiExtraModels(ProblemDto),
    problemResponse('malformed-multipart', 'Not a single-file multipart body: no file, a second file, another field, or a broken body'),
    problemResponse('upload-too-large', `The file is larger than ${options.maxBytes} bytes`),
    problemResponse(
      'upload-type-refused',
      `The file is not one of ${options.contentTypes.join(', ')} (or the body is not multipart/form-data)`,
    ),
  );
}

/**
 * A route that receives exactly one file as `multipart/form-data`: the only kind of route the
 * content-type guard lets a multipart body reach. Refusals are problem+json (see upload-problems)
 * and the handler reads the file with `@UploadedSingleFile()`.
 */
export function SingleFileUpload(options: SingleFileUploadOptions & { description?: string }) {
  return applyDecorators(
    AcceptsMediaTypes('multipart/form-data'),
    UseInterceptors(new SingleFileInterceptor(options)),
    ApiSingleFileBody(options),
  );
}

/** The file a `@SingleFileUpload` route received. */
export const UploadedSingleFile = createParamDecorator((_data: unknown, context: ExecutionContext): UploadedFileData => {
  const file = uploadedFileOf(context.switchToHttp().getRequest<Request>());
  // Only reachable when the decorator is missing from the route: a programming error, not a 400.
  if (!file) throw new Error('@UploadedSingleFile() needs @SingleFileUpload() on the route');
  return file;
});
