import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { inputSafetyMiddleware } from './input/input-safety.middleware.js';

/** The largest JSON body accepted (413 `payload-too-large` beyond). */
export const MAX_JSON_BODY = '1mb';
/** The largest text (YAML) body accepted. */
export const MAX_TEXT_BODY = '256kb';
/** Media types parsed as text: the YAML documents of agent import. */
export const TEXT_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/**
 * What every route gets before any handler runs (create the app with `bodyParser: false`, so no
 * other body parser — urlencoded forms — is installed):
 * - security headers (helmet): nosniff, no framing, a same-origin CSP that also fits /api/docs;
 * - only JSON and YAML text bodies are parsed, within size limits;
 * - bodies and queries that no endpoint may accept are refused (input-safety.middleware.ts);
 * - no weak ETags: the only ETags are the strong stream versions that If-Match accepts.
 */
export function applyHttpHardening(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
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
        },
      },
      frameguard: { action: 'deny' },
      // Plain-HTTP deployments (a laptop, behind a TLS-terminating proxy) must not be pinned to HTTPS.
      strictTransportSecurity: false,
    }),
  );
  app.useBodyParser('json', { limit: MAX_JSON_BODY, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('text', { limit: MAX_TEXT_BODY, type: TEXT_MEDIA_TYPES });
  app.use(inputSafetyMiddleware);
}
