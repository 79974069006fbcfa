import { type CallHandler, type ExecutionContext, HttpException, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { invalidInput } from '../input/invalid-input.js';
import { inspectJson } from '../input/json-inspection.js';
import { ProblemError } from '../problem.js';
import { uploadProblem } from './upload-problems.js';
import type { MulterFile, UploadedFileData } from './uploaded-file.js';

export interface SingleFileUploadOptions {
  /** The form field that carries the file. */
  field: string;
  /** The largest file accepted, in bytes; one byte more is a 413. */
  maxBytes: number;
  /** Accepted media types of the file part (lower case, no parameters); anything else is a 415. */
  contentTypes: readonly string[];
}

const UPLOADED = Symbol('uploaded-file');
type UploadRequest = Request & { file?: MulterFile; [UPLOADED]?: UploadedFileData };

// Control characters, path separators and unpaired surrogates have no place in a file name we show and store.
function unsafeName(name: string): boolean {
  if (/[/\\]|\p{Cs}/u.test(name)) return true;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const MAX_NAME_LENGTH = 255;

export function uploadedFileOf(request: Request): UploadedFileData | undefined {
  return (request as UploadRequest)[UPLOADED];
}

function mediaType(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}

/**
 * Receives exactly one file in memory through Nest's multer interceptor (size cut off while the
 * body streams in, so an oversized upload is never buffered whole) and turns every refusal into
 * the upload problems: over the limit 413, a type off the allow-list 415, anything else about the
 * form (no file, a second file, another field, a broken body) 400. Created per route by
 * `@SingleFileUpload` with that route's options, not through dependency injection.
 */
export class SingleFileInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;

  constructor(private readonly options: SingleFileUploadOptions) {
    const Multer = FileInterceptor(options.field, {
      // Busboy's default decodes non-ASCII file names as latin1; browsers send UTF-8.
      defParamCharset: 'utf8',
      // fileSize + 1 would be wrong: multer refuses at fileSize exactly-exceeded, which is the limit we document.
      limits: { fileSize: options.maxBytes, files: 1, fields: 0, parts: 1 },
      fileFilter: (_request, file, accept) => {
        const type = mediaType(file.mimetype);
        if (options.contentTypes.includes(type)) accept(null, true);
        else
          accept(
            uploadProblem('upload-type-refused', `Files of type ${type || '(none)'} are not accepted`, { accepted: options.contentTypes }),
            false,
          );
      },
    });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<UploadRequest>();
    // Path parameters no route may take (NUL, unpaired surrogates) are refused before the body is
    // read, as every other route refuses them before its handler: the route's pipes run only after the upload.
    const unsafeParams = inspectJson(request.params as unknown);
    if (unsafeParams.length > 0) throw invalidInput(unsafeParams);
    try {
      // Multer's interceptor calls `handle` only once the whole body is read; the handler itself
      // runs later, on subscription, so what is caught here is the upload's own refusal.
      return await this.multer.intercept(context, {
        handle: () => {
          request[UPLOADED] = this.accepted(request);
          return next.handle();
        },
      });
    } catch (error) {
      throw this.translated(error);
    }
  }

  private accepted(request: UploadRequest): UploadedFileData {
    const file = request.file;
    if (!file) throw uploadProblem('malformed-multipart', `Send one file in the form field "${this.options.field}"`);
    const fileName = file.originalname.normalize('NFC');
    if (fileName.length === 0 || fileName.length > MAX_NAME_LENGTH || unsafeName(fileName)) {
      throw uploadProblem(
        'malformed-multipart',
        `The file name must be 1–${MAX_NAME_LENGTH} characters without control characters or slashes`,
      );
    }
    return { fileName, contentType: mediaType(file.mimetype), bytes: file.buffer };
  }

  private translated(error: unknown): unknown {
    if (error instanceof ProblemError) return error;
    if (error instanceof HttpException && error.getStatus() === 413) {
      return uploadProblem('upload-too-large', `The file may be at most ${this.options.maxBytes} bytes`, {
        maxBytes: this.options.maxBytes,
      });
    }
    if (error instanceof HttpException && error.getStatus() === 400) {
      return uploadProblem(
        'malformed-multipart',
        `${error.message}; send one file in the form field "${this.options.field}" and nothing else`,
      );
    }
    return error;
  }
}
