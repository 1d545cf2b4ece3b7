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
