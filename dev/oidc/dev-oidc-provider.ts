/**
 * A DEVELOPMENT OpenID Provider (panva's `oidc-provider`), in-process, listening on 127.0.0.1 only. It exists
 * so the hub's `auth` policy can be tried and tested against a real issuer: discovery, JWKS, a token endpoint
 * with the client_credentials grant, and introspection. With `dashboardRedirectUris` it also lets people sign in
 * to the registry dashboard: the public client `atrium-dashboard` (Authorization Code + PKCE S256, no secret),
 * oidc-provider's development login and consent pages (any login, any password), and access tokens for the
 * registry's audience carrying the claims of the `DEV_USERS` login. Never use it to protect anything: the client secrets
 * are public, keys and tokens live in memory, and it speaks plain HTTP.
 *
 * Access tokens for the API audience (resource indicator `audience`) are JWTs (`typ: at+jwt`, RS256). Access
 * tokens requested for the resource `DEV_OPAQUE_RESOURCE` are opaque, for the same audience, and are verified
 * by introspection.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { errors, type ClientMetadata, type Configuration } from 'oidc-provider';
import { pino } from 'pino';
import {
  DEV_AUDIENCE,
  DEV_CLIENTS,
  DEV_DASHBOARD_CLIENT_ID,
  DEV_OPAQUE_RESOURCE,
  DEV_REGISTRY_AUDIENCE,
  DEV_REGISTRY_SCOPE,
  DEV_TOKEN_PATH,
  DEV_USERS,
  type DevOidcClient,
  type DevUser,
} from './dev-clients.js';
import { createDevStore, devStoreAdapter, type DevStore } from './dev-store.js';
import { requestDevToken } from './request-dev-token.js';

export {
  DEV_AUDIENCE,
  DEV_CLIENTS,
  DEV_ISSUER,
  DEV_ISSUER_PORT,
  DEV_OPAQUE_RESOURCE,
  DEV_TOKEN_PATH,
  DEV_DASHBOARD_CLIENT_ID,
  DEV_REGISTRY_AUDIENCE,
  DEV_REGISTRY_ROLES,
  DEV_REGISTRY_SCOPE,
  DEV_ROLE_CLAIM,
  DEV_TEAM_CLAIM,
  DEV_USERS,
  devRegistryOidcOptions,
  type DevOidcClient,
  type DevUser,
} from './dev-clients.js';

export const DEV_SIGNING_ALGORITHM = 'RS256';
const ACCESS_TOKEN_TTL_SECONDS = 600;

export interface DevOidcLogger {
  warn(message: string): void;
  error(details: object, message: string): void;
}

export interface DevOidcProviderOptions {
  /** Port on 127.0.0.1; default 0 (an ephemeral port). */
  readonly port?: number;
  /** The API audience and resource indicator of JWT access tokens. Default `https://api.atrium.local`. */
  readonly audience?: string;
  readonly clients?: readonly DevOidcClient[];
  /** Private signing keys (JWKs with `kid`), first one signs. Default: one fresh RSA key. */
  readonly signingKeys?: readonly JWK[];
  readonly logger?: DevOidcLogger;
  /** Where tokens are kept; pass the store of a previous run to keep its opaque tokens. Default: a new one. */
  readonly store?: DevStore;
  /** Called for every HTTP request the provider receives (tests count JWKS and introspection calls). */
  readonly onRequest?: (request: { readonly method: string; readonly path: string }) => void;
  /**
   * Redirect URIs of the registry dashboard's public client (`<registry>/ui/oidc-callback.html`); none: no
   * dashboard client and no login pages. `setDashboardRedirectUris` sets them later (a registry on a port
   * chosen after the provider started).
   */
  readonly dashboardRedirectUris?: readonly string[];
  /** The registry's audience for the dashboard's access tokens. Default `https://registry.atrium.local`. */
  readonly registryAudience?: string;
  /** Who may sign in through the dashboard client, with the claims of their access tokens. Default `DEV_USERS`. */
  readonly users?: readonly DevUser[];
}

export interface IssueTokenRequest {
  readonly clientId: string;
  readonly scope?: string;
  /** Ask for an opaque token (resource `DEV_OPAQUE_RESOURCE`) instead of a JWT. */
  readonly opaque?: boolean;
}

export interface DevOidcProvider {
  readonly issuer: string;
  readonly audience: string;
  readonly port: number;
  /** Gets an access token from the real token endpoint, over HTTP, with client_credentials. */
  issueToken(request: IssueTokenRequest): Promise<string>;
  /**
   * Puts a new signing key first (generated unless given) and keeps the old ones published, like a real
   * rotation; the issuer URL stays the same. Returns the new key's `kid`.
   */
  rotateKeys(key?: JWK): Promise<string>;
  /** Registers (or replaces) the dashboard client's redirect URIs; the issuer URL and keys stay the same. */
  setDashboardRedirectUris(uris: readonly string[]): void;
  close(): Promise<void>;
}

/** A new RSA signing key as a private JWK with `kid`, `alg` and `use`. */
export async function generateDevSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(DEV_SIGNING_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: DEV_SIGNING_ALGORITHM, use: 'sig' };
}

function toClientMetadata(client: DevOidcClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    grant_types: client.scope === undefined ? [] : ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    ...(client.scope === undefined ? {} : { scope: client.scope }),
  };
}

/** The dashboard's public client: Authorization Code with PKCE (required for public clients), no secret. */
function dashboardClientMetadata(redirectUris: readonly string[]): ClientMetadata {
  return {
    client_id: DEV_DASHBOARD_CLIENT_ID,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [...redirectUris],
    token_endpoint_auth_method: 'none',
  };
}

interface ProviderSetup {
  readonly audience: string;
  readonly registryAudience: string;
  readonly clients: readonly DevOidcClient[];
  readonly users: readonly DevUser[];
  readonly cookieKey: string;
  readonly store: DevStore;
  dashboardRedirectUris: readonly string[];
}

function buildConfiguration(setup: ProviderSetup, signingKeys: readonly JWK[]): Configuration {
  const scopes = [...new Set(setup.clients.flatMap((client) => client.scope?.split(' ') ?? []))];
  const introspectors = new Set(setup.clients.filter((c) => c.canIntrospect === true).map((c) => c.clientId));
  const dashboard = setup.dashboardRedirectUris.length > 0;
  const resourceServer = (
    accessTokenFormat: 'jwt' | 'opaque',
    audience = setup.audience,
    scope = scopes.join(' '),
  ) => ({
    audience,
    scope,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    accessTokenFormat,
    ...(accessTokenFormat === 'jwt' ? { jwt: { sign: { alg: DEV_SIGNING_ALGORITHM } } } : {}),
  });
  return {
    adapter: devStoreAdapter(setup.store),
    clients: [
      ...setup.clients.map(toClientMetadata),
      ...(dashboard ? [dashboardClientMetadata(setup.dashboardRedirectUris)] : []),
    ],
    jwks: { keys: [...signingKeys] },
    cookies: { keys: [setup.cookieKey] },
    scopes: ['openid', ...new Set([...scopes, DEV_REGISTRY_SCOPE])],
    routes: { token: DEV_TOKEN_PATH },
    ttl: {
      ClientCredentials: ACCESS_TOKEN_TTL_SECONDS,
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    // Any login of the development login page is an account; its claims are only `sub`.
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    // The token endpoint answers the dashboard's page (a public client) from the origins of its redirect URIs.
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === DEV_DASHBOARD_CLIENT_ID &&
      setup.dashboardRedirectUris.some((uri) => URL.parse(uri)?.origin === origin),
    extraTokenClaims: (_ctx, token) => {
      const clientClaims = setup.clients.find((client) => client.clientId === token.clientId)?.claims;
      // A person's token (authorization code): the claims of their login, none for a login not in `users`.
      const userClaims =
        token.accountId === undefined
          ? undefined
          : setup.users.find((user) => user.login === token.accountId)?.claims;
      return clientClaims === undefined && userClaims === undefined
        ? undefined
        : { ...clientClaims, ...userClaims };
    },
    features: {
      // oidc-provider's own login and consent pages (any login and password): development only, like all of this.
      devInteractions: { enabled: dashboard },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: (_ctx, client) => introspectors.has(client.clientId) },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client) =>
          client.clientId === DEV_DASHBOARD_CLIENT_ID ? setup.registryAudience : setup.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator === setup.audience) return resourceServer('jwt');
          if (resourceIndicator === DEV_OPAQUE_RESOURCE) return resourceServer('opaque');
          if (resourceIndicator === setup.registryAudience)
            return resourceServer('jwt', setup.registryAudience, DEV_REGISTRY_SCOPE);
          throw new errors.InvalidTarget();
        },
      },
    },
  };
}

export async function startDevOidcProvider(options: DevOidcProviderOptions = {}): Promise<DevOidcProvider> {
  const logger = options.logger ?? pino({ name: 'dev-oidc-provider' });
  const setup: ProviderSetup = {
    audience: options.audience ?? DEV_AUDIENCE,
    registryAudience: options.registryAudience ?? DEV_REGISTRY_AUDIENCE,
    clients: options.clients ?? DEV_CLIENTS,
    users: options.users ?? DEV_USERS,
    dashboardRedirectUris: options.dashboardRedirectUris ?? [],
    cookieKey: randomBytes(32).toString('base64url'),
    store: options.store ?? createDevStore(),
  };
  let signingKeys: readonly JWK[] = options.signingKeys ?? [await generateDevSigningKey()];
  let handle: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;

  const server = createServer((request, response) => {
    options.onRequest?.({ method: request.method ?? 'GET', path: (request.url ?? '/').split('?')[0] ?? '/' });
    if (handle === undefined) {
      response.writeHead(503).end();
      return;
    }
    handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  // The provider's keystore is fixed at construction, so a rotation builds a new one behind the same server.
  const install = () => {
    const provider = new Provider(issuer, buildConfiguration(setup, signingKeys));
    provider.on('server_error', (_ctx, error) => logger.error({ err: error.message }, 'provider error'));
    handle = provider.callback();
  };
  install();
  logger.warn(
    `DEVELOPMENT OpenID Provider at ${issuer}: public demo secrets, in-memory keys; never use it to protect anything`,
  );

  async function issueToken({ clientId, scope, opaque = false }: IssueTokenRequest): Promise<string> {
    const token = await requestDevToken({
      issuer,
      clientId,
      scope,
      opaque,
      audience: setup.audience,
      clients: setup.clients,
    });
    return token.accessToken;
  }

  async function rotateKeys(key?: JWK): Promise<string> {
    const next = key ?? (await generateDevSigningKey());
    signingKeys = [next, ...signingKeys];
    install();
    return next.kid ?? '';
  }

  function setDashboardRedirectUris(uris: readonly string[]): void {
    setup.dashboardRedirectUris = [...uris];
    install();
  }

  function close(): Promise<void> {
    return new Promise((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  return { issuer, audience: setup.audience, port, issueToken, rotateKeys, setDashboardRedirectUris, close };
}
