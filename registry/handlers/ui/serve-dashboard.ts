import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegistryErrors } from '../../errors.js';
import type { RegistryContext } from '../../services/registry-context.js';
import type { RouteFactory } from '../route.js';
import { defaultDashboardDir, loadDashboardAssets, type DashboardAsset } from './dashboard-assets.js';

/**
 * The dashboard only talks to this registry and loads nothing from elsewhere (docs/dashboard.md): no inline
 * script, no framing, no form posts, no other origin. Styles set from script (CSSOM) are not inline styles.
 */
export function dashboardCsp(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const DASHBOARD_CSP = dashboardCsp();

const INDEX = 'index.html';
/** The OpenID sign-in popup's redirect URI (`/ui/oidc-callback.html`): it hands the code to its opener. */
export const OIDC_CALLBACK = 'oidc-callback.html';

export interface DashboardHandlerOptions {
  /**
   * The trusted OpenID issuer, when the dashboard offers sign-in with it: its origin joins `connect-src` (the
   * dashboard reads its discovery document and redeems the code at its token endpoint), and pages allow the
   * sign-in popup to keep its opener (`Cross-Origin-Opener-Policy: same-origin-allow-popups`).
   */
  readonly oidcIssuer?: string;
}

/**
 * `GET /ui` and `GET /ui/*`: the built single-page app. Hashed files under `assets/` are cached for a year;
 * `index.html`, and every path that names no file (the SPA's own routes, `/ui/graphs/shop/dev/checks`), answer the
 * app with `no-cache`. A missing `assets/` file is 404 (an old tab asking for a replaced bundle), never the app.
 */
export function createDashboardHandler(dir: string, options: DashboardHandlerOptions = {}) {
  let assets: ReadonlyMap<string, DashboardAsset> | null | undefined;
  const csp =
    options.oidcIssuer === undefined ? DASHBOARD_CSP : dashboardCsp([new URL(options.oidcIssuer).origin]);
  const openerPolicy = options.oidcIssuer === undefined ? 'same-origin' : 'same-origin-allow-popups';
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
    return (
      reply
        .header('content-type', served.contentType)
        .header('cache-control', served.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('content-security-policy', csp)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        // The callback page is loaded in the popup after the provider's pages: a stricter policy than theirs would
        // put it in a new browsing context group, cut off from the dashboard that opened it.
        .header('cross-origin-opener-policy', path === OIDC_CALLBACK ? 'unsafe-none' : openerPolicy)
        .send(served.body)
    );
  };
}

/** Both routes of a registry share one handler, so the built files are read once per registry. */
const shared = new WeakMap<RegistryContext, ReturnType<typeof createDashboardHandler>>();
function handler(ctx: RegistryContext) {
  let found = shared.get(ctx);
  if (found === undefined) {
    const issuer = ctx.oidc?.options.clientId === undefined ? undefined : ctx.oidc.options.issuer;
    found = createDashboardHandler(defaultDashboardDir(), issuer === undefined ? {} : { oidcIssuer: issuer });
    shared.set(ctx, found);
  }
  return found;
}

/** The dashboard is served from `dist/dashboard` of the package (`npm run build:dashboard`). */
export const serveDashboardIndexRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/ui',
  handler: handler(ctx),
});

export const serveDashboardRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/ui/*',
  handler: handler(ctx),
});
