import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, type Logger, pino } from 'pino';
import pinoPretty from 'pino-pretty';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A person reads a terminal; anything else (a file, a pipe, a log collector) gets JSON lines. */
export function logsArePretty(): boolean {
  return process.stdout.isTTY === true;
}

/**
 * Where log lines go: JSON on stdout, or, on a terminal, pino-pretty in this thread (`sync`) so
 * that the last lines of a shutdown are written before the process ends.
 */
export function logDestination(): DestinationStream {
  if (!logsArePretty()) return pino.destination({ fd: 1, sync: true });
  return pinoPretty({
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}{context}: {end}{msg}',
  });
}

/** A plain pino logger for what runs outside Nest (main.ts before the app exists). */
export function createLog(level: string, context: string): Logger {
  return pino({ level, base: { context } }, logDestination());
}

/** Structured logs; every request carries an id (taken from X-Request-Id or made) echoed back. */
export function loggingParams(level: string): Params {
  return {
    pinoHttp: [
      {
        level,
        genReqId: (request: IncomingMessage, response: ServerResponse) => {
          const given = request.headers[REQUEST_ID_HEADER];
          const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
          response.setHeader(REQUEST_ID_HEADER, id);
          return id;
        },
        autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
        redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
      },
      logDestination(),
    ],
  };
}

/**
 * Nest's start-up chatter: one line per module, controller, route and socket message, plus its
 * "starting" / "started" lines (the banner says it better). Useful when debugging, noise otherwise.
 */
const STARTUP_DETAIL = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
  'NestApplication',
]);

/** Passes every line to `inner`, but Nest's module-init and route-mapping lines at debug level. */
export class StartupDetailAtDebug implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && STARTUP_DETAIL.has(context)) this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal?.(message, ...rest);
  }
}
