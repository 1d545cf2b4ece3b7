/**
 * A minimal local declaration of the parts of `oidc-provider` (v9, untyped) that `dev-oidc-provider.ts` uses.
 * Replace with `@types/oidc-provider` once the lead adds it as a dev dependency.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    grant_types?: string[];
    response_types?: string[];
    redirect_uris?: string[];
    scope?: string;
    token_endpoint_auth_method?: string;
  }

  export interface ResourceServer {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg?: string; kid?: string } };
  }

  export interface Client {
    readonly clientId: string;
  }

  export interface Configuration {
    adapter?: new (model: string) => object;
    clients?: ClientMetadata[];
    jwks?: { keys: object[] };
    cookies?: { keys?: string[] };
    scopes?: string[];
    routes?: Record<string, string>;
    ttl?: Record<string, number>;
    findAccount?: (
      ctx: unknown,
      sub: string,
    ) => { accountId: string; claims: () => Record<string, unknown> } | undefined;
    clientBasedCORS?: (ctx: unknown, origin: string, client: Client) => boolean;
    /** Claims added to access tokens (JWT) and introspection responses; `token.clientId` names the client. */
    extraTokenClaims?: (
      ctx: unknown,
      token: { readonly clientId?: string; readonly accountId?: string },
    ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
    features?: {
      devInteractions?: { enabled: boolean };
      clientCredentials?: { enabled: boolean };
      introspection?: {
        enabled: boolean;
        allowedPolicy?: (ctx: unknown, client: Client, token: unknown) => boolean | Promise<boolean>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: unknown, client: Client, oneOf?: string[]) => string | string[] | undefined;
        useGrantedResource?: (ctx: unknown, model: unknown) => boolean | Promise<boolean>;
        getResourceServerInfo?: (
          ctx: unknown,
          resourceIndicator: string,
          client: Client,
        ) => ResourceServer | Promise<ResourceServer>;
      };
    };
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): this;
  }

  export const errors: {
    readonly InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
