/** Well-known values of the development OpenID Provider: public, for local work only. */

export const DEV_AUDIENCE = 'https://api.atrium.local';
/** The port `atrium dev token` and the demo expect the development provider on: `http://127.0.0.1:4200`. */
export const DEV_ISSUER_PORT = 4200;
export const DEV_ISSUER = `http://127.0.0.1:${DEV_ISSUER_PORT}`;
/** Resource indicator (RFC 8707) whose access tokens are opaque; their audience is still `audience`. */
export const DEV_OPAQUE_RESOURCE = 'urn:atrium:dev:opaque';
/** The development token endpoint (client_credentials, HTTP Basic client authentication). */
export const DEV_TOKEN_PATH = '/token';

export interface DevOidcClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes the client may request with client_credentials; without it the client cannot get tokens. */
  readonly scope?: string;
  /** Whether the client may call the introspection endpoint (a resource server, such as the hub). */
  readonly canIntrospect?: boolean;
  /** Extra claims in this client's access tokens (and introspection responses), e.g. `roles` for `@policy`. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export const DEV_CLIENTS: readonly DevOidcClient[] = Object.freeze([
  { clientId: 'demo-app', clientSecret: 'demo-app-secret', scope: 'read:users read:reviews' },
  {
    clientId: 'pricing-app',
    clientSecret: 'pricing-app-secret',
    scope: 'read:users read:finance',
    claims: { roles: ['pricing'] },
  },
  { clientId: 'atrium-hub', clientSecret: 'atrium-hub-secret', canIntrospect: true },
]);

/**
 * The registry's audience at the development provider: access tokens for the dashboard's sign-in (client
 * `DEV_DASHBOARD_CLIENT_ID`) are JWTs for it, distinct from the hub's `DEV_AUDIENCE`.
 */
export const DEV_REGISTRY_AUDIENCE = 'https://registry.atrium.local';
/** The scope the dashboard asks the development provider for (its access tokens' scope for the registry). */
export const DEV_REGISTRY_SCOPE = 'atrium:registry';
/** The registry dashboard's public client (Authorization Code + PKCE, no secret). */
export const DEV_DASHBOARD_CLIENT_ID = 'atrium-dashboard';
/** The claims the demo registry maps to a role and a team (ATRIUM_OIDC_ROLE_CLAIM, ATRIUM_OIDC_TEAM_CLAIM). */
export const DEV_ROLE_CLAIM = 'atrium_roles';
export const DEV_TEAM_CLAIM = 'atrium_team';

/** A person who can sign in at the development provider (any password); their claims go into access tokens. */
export interface DevUser {
  readonly login: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

export const DEV_USERS: readonly DevUser[] = Object.freeze([
  { login: 'ada', claims: { [DEV_ROLE_CLAIM]: ['registry-admins'] } },
  { login: 'dana', claims: { [DEV_ROLE_CLAIM]: ['catalog-developers'], [DEV_TEAM_CLAIM]: 'catalog' } },
  { login: 'rita', claims: { [DEV_ROLE_CLAIM]: ['registry-readers'] } },
]);

/** How the demo registry maps `DEV_ROLE_CLAIM` values to roles (ATRIUM_OIDC_ROLES); other logins get no role. */
export const DEV_REGISTRY_ROLES: Readonly<Record<string, 'admin' | 'publisher' | 'reader'>> = Object.freeze({
  'registry-admins': 'admin',
  'catalog-developers': 'publisher',
  'registry-readers': 'reader',
});

/**
 * The registry's `oidc` options (registry/auth/oidc-options.ts) that trust the development provider at `issuer`
 * for the dashboard's sign-in: the demo's, and the tests'.
 */
export function devRegistryOidcOptions(issuer: string) {
  return {
    issuer,
    audience: DEV_REGISTRY_AUDIENCE,
    clientId: DEV_DASHBOARD_CLIENT_ID,
    scope: `openid ${DEV_REGISTRY_SCOPE}`,
    providerName: 'the development provider',
    roleClaim: DEV_ROLE_CLAIM,
    roles: { ...DEV_REGISTRY_ROLES },
    teamClaim: DEV_TEAM_CLAIM,
    // The development issuer speaks plain HTTP on 127.0.0.1.
    dangerouslyAllowInsecureHttp: true,
  };
}
