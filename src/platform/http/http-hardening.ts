import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { inputSafetyMiddleware } from './input/input-safety.middleware.js';

/** The largest JSON body accepted (413 `payload-too-large` beyond). */
export const MAX_JSON_BODY = '1mb';
/** The largest text (YAML) body accepted. */
export const MAX_TEXT_BODY = '256kb';
/** Media types parsed as text: the YAML documents of agent import. */
export const TEXT_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/** Where the built-in dashboard is served (src/dashboard). */
export const DASHBOARD_PATH = '/dashboard';

function isDashboardPath(path: string): boolean {
  return path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);
}

type CspDirectives = Record<string, string[] | null>;

/** The API's policy: /api/docs (Swagger UI) needs inline styles and data: images and fonts. */
const API_CSP: CspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * The dashboard's policy: only its own bundled files, no inline script or style, nothing from
 * another origin. `connect-src 'self'` also admits the same-origin socket (ws:/wss:, CSP level 3).
 */
const DASHBOARD_CSP: CspDirectives = {
  ...API_CSP,
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
};

function securityHeaders(directives: CspDirectives): HelmetOptions {
  return {
    contentSecurityPolicy: { directives },
    frameguard: { action: 'deny' },
    // Plain-HTTP deployments (a laptop, behind a TLS-terminating proxy) must not be pinned to HTTPS.
    strictTransportSecurity: false,
  };
}

/**
 * What every route gets before any handler runs (create the app with `bodyParser: false`, so no
 * other body parser — urlencoded forms — is installed):
 * - security headers (helmet): nosniff, no framing, a same-origin CSP that also fits /api/docs, and
 *   a stricter one for the dashboard (DASHBOARD_CSP);
 * - only JSON and YAML text bodies are parsed, within size limits;
 * - bodies and queries that no endpoint may accept are refused (input-safety.middleware.ts);
 * - no weak ETags: the only ETags are the strong stream versions that If-Match accepts.
 */
export function applyHttpHardening(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.set('etag', false);
  const apiHeaders = helmet(securityHeaders(API_CSP));
  const dashboardHeaders = helmet(securityHeaders(DASHBOARD_CSP));
  app.use((request: Request, response: Response, next: NextFunction) =>
    (isDashboardPath(request.path) ? dashboardHeaders : apiHeaders)(request, response, next),
  );
  app.useBodyParser('json', { limit: MAX_JSON_BODY, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('text', { limit: MAX_TEXT_BODY, type: TEXT_MEDIA_TYPES });
  app.use(inputSafetyMiddleware);
}
