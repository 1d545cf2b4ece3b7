import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegistryErrors } from '../../errors.js';
import type { RouteFactory } from '../route.js';
import { defaultDashboardDir, loadDashboardAssets, type DashboardAsset } from './dashboard-assets.js';

/**
 * The dashboard only talks to this registry and loads nothing from elsewhere (docs/dashboard.md): no inline
 * script, no framing, no form posts, no other origin. Styles set from script (CSSOM) are not inline styles.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const INDEX = 'index.html';

/**
 * `GET /ui` and `GET /ui/*`: the built single-page app. Hashed files under `assets/` are cached for a year;
 * `index.html`, and every path that names no file (the SPA's own routes, `/ui/graphs/shop/dev/checks`), answer the
 * app with `no-cache`. A missing `assets/` file is 404 (an old tab asking for a replaced bundle), never the app.
 */
export function createDashboardHandler(dir: string) {
  let assets: ReadonlyMap<string, DashboardAsset> | null | undefined;
  return (request: FastifyRequest, reply: FastifyReply) => {
    assets ??= loadDashboardAssets(dir);
    if (assets === null) {
      const error = RegistryErrors.DASHBOARD_NOT_BUILT.create({ dir });
      return reply.code(error.status).send(error.toBody());
    }
    const path = (request.params as { '*'?: string })['*'] ?? '';
    const asset = assets.get(path);
    if (!asset && path.startsWith('assets/')) {
      const error = RegistryErrors.NOT_FOUND.create({ method: request.method, url: `/ui/${path}` });
      return reply.code(error.status).send(error.toBody());
    }
    const served = asset ?? assets.get(INDEX);
    if (!served) throw new Error('the dashboard index was loaded but is missing');
    return reply
      .header('content-type', served.contentType)
      .header('cache-control', served.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cross-origin-opener-policy', 'same-origin')
      .send(served.body);
  };
}

/** Both routes of a process share one handler, so the built files are read once. */
let shared: ReturnType<typeof createDashboardHandler> | undefined;
const handler = () => (shared ??= createDashboardHandler(defaultDashboardDir()));

/** The dashboard is served from `dist/dashboard` of the package (`npm run build:dashboard`). */
export const serveDashboardIndexRoute: RouteFactory = () => ({
  method: 'GET',
  url: '/ui',
  handler: handler(),
});

export const serveDashboardRoute: RouteFactory = () => ({ method: 'GET', url: '/ui/*', handler: handler() });
