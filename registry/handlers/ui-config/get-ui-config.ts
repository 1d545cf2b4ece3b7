import type { UiConfig } from '../../api-types.js';
import type { RegistryContext } from '../../services/registry-context.js';
import type { RouteFactory } from '../route.js';

/** What the dashboard shows before anyone signs in: whether, and with which provider, OpenID sign-in works. */
export function uiConfigOf(ctx: RegistryContext): UiConfig {
  const options = ctx.oidc?.options;
  if (options?.clientId === undefined) return { oidc: null };
  return {
    oidc: {
      issuer: options.issuer,
      clientId: options.clientId,
      scope: options.scope,
      providerName: options.providerName ?? new URL(options.issuer).host,
    },
  };
}

/** Public, like `/health`: the issuer and the public client id are no secrets (a browser sees them anyway). */
export const getUiConfigRoute: RouteFactory = (ctx) => {
  const config = uiConfigOf(ctx);
  return {
    method: 'GET',
    url: '/v1/ui-config',
    handler(_request, reply) {
      return reply.header('cache-control', 'no-cache').send(config);
    },
  };
};
