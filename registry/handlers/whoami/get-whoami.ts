import type { WhoAmI } from '../../api-types.js';
import { authenticateRequest } from '../preamble.js';
import type { RouteFactory } from '../route.js';

/**
 * Any active token may ask who it is: its name, id, role, team and scope (never its secret); an OpenID access
 * token also gets its subject and issuer, and the role, team and graphs its claims map to.
 */
export const getWhoAmIRoute: RouteFactory = (ctx) => ({
  method: 'GET',
  url: '/v1/whoami',
  async handler(request) {
    const principal = await authenticateRequest(ctx, request);
    const whoami: WhoAmI = {
      id: principal.id,
      name: principal.name,
      role: principal.role,
      team: principal.team,
      graphs: principal.graphs,
      subgraphs: principal.subgraphs,
      createdAt: principal.createdAt,
      source: principal.oidc ? 'oidc' : 'token',
      oidc: principal.oidc
        ? {
            subject: principal.oidc.subject,
            issuer: principal.oidc.issuer,
            expiresAt: principal.oidc.expiresAt,
          }
        : null,
    };
    return { whoami };
  },
});
