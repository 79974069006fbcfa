import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Problem, toProblem } from './problem.js';

/** Every HTTP error leaves as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem: Problem = { ...toProblem(error, { ifMatch: request.headers['if-match'] !== undefined }), instance: request.originalUrl };
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (problem.status === 429) {
      const retryAfter = Number(response.getHeader('Retry-After'));
      if (Number.isFinite(retryAfter)) problem.retryAfter = retryAfter;
      else response.setHeader('Retry-After', '1');
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
