import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DASHBOARD_PATH } from '../platform/http/http-hardening.js';

/** Hashed file names change with their content, so a browser may keep them forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files: always revalidated, so a new build shows at once. */
const REVALIDATE = 'no-cache';

/**
 * The built dashboard (`npm run build` writes it to `dist/dashboard`). Looked up from the app's
 * root (the folder with package.json), so the compiled server and the tests' ts-jest run of the
 * sources find the same files.
 */
export function findDashboardDirectory(start = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const built = join(dir, 'dist', 'dashboard');
      return existsSync(join(built, 'index.html')) ? built : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Serves the dashboard at /dashboard/ (its assets under /dashboard/assets/, immutable) and sends
 * `/` there. Its own CSP is set by applyHttpHardening. Without a build, /dashboard answers 503
 * saying how to build it, and the API runs as before.
 */
export function serveDashboard(app: NestExpressApplication, directory = findDashboardDirectory()): void {
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path === '/') return response.redirect(302, `${DASHBOARD_PATH}/`);
    if (request.path !== DASHBOARD_PATH && request.path !== `${DASHBOARD_PATH}/`) return next();
    if (!directory) {
      response.status(503).type('text/plain').send('The dashboard is not built: run npm run build.');
      return;
    }
    response.setHeader('Cache-Control', REVALIDATE);
    response.sendFile(join(directory, 'index.html'));
  });
  if (!directory) return;
  app.useStaticAssets(join(directory, 'assets'), {
    prefix: `${DASHBOARD_PATH}/assets/`,
    index: false,
    fallthrough: true,
    setHeaders: (response) => response.setHeader('Cache-Control', IMMUTABLE),
  });
}
