/**
 * Everything the verifier needs from one trusted issuer, fetched lazily: OpenID discovery (for `jwks_uri` and
 * the introspection endpoint), a remote JWKS, and RFC 7662 introspection. Nothing is fetched at construction,
 * so the hub boots while an issuer is down; a failed discovery is retried on a later request (after
 * `issuerRetryMs`). When the JWKS cannot be refreshed, the keys fetched before keep verifying tokens.
 * Every failure to reach the issuer surfaces as an `IssuerUnavailableError`, which the verifier maps to 503.
 *
 * Deadlines: openid-client and jose time their requests with `AbortSignal.timeout`, a signal Node keeps only
 * weakly. Both get a custom fetch (`customFetch`) that puts each request, body included, under a deadline
 * held by a timer (lib/deadline.ts): `issuerTimeoutMs` for discovery and introspection, `jwksTimeoutMs` for
 * the JWKS. The libraries' own timeouts stay as a second, shorter-lived line.
 */
import { createRemoteJWKSet, customFetch as joseCustomFetch, type JWTVerifyGetKey } from 'jose';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { fetchWithTimeout } from '../../lib/fetch-with-deadline.js';
import {
  describeError as describe,
  IssuerUnavailableError,
  staleTolerantGetKey,
  type RemoteJwks,
} from '../../lib/stale-tolerant-jwks.js';
import type { AuthOptions, IssuerOptions } from './options.js';

export { IssuerUnavailableError };

export type IssuerConnectionSettings = Pick<
  AuthOptions,
  'jwksCooldownMs' | 'jwksTimeoutMs' | 'issuerTimeoutMs' | 'issuerRetryMs'
>;

export interface IssuerConnection {
  readonly options: IssuerOptions;
  /** Resolves a token's verification key from the issuer's JWKS (jose's `jwtVerify` key function). */
  readonly getKey: JWTVerifyGetKey;
  /** RFC 7662 introspection of an opaque token; only for issuers with `introspection` configured. */
  introspect(token: string): Promise<oidc.IntrospectionResponse>;
}

/** openid-client takes whole seconds. */
function toSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1000));
}

export function createIssuerConnection(
  options: IssuerOptions,
  settings: IssuerConnectionSettings,
  logger: Logger,
): IssuerConnection {
  const log = logger.child({ issuer: options.issuer });
  let configuration: Promise<oidc.Configuration> | undefined;
  let discoveryFailedAt = -Infinity;
  let remoteJwks: RemoteJwks | undefined;

  const recentlyFailed = (failedAt: number) => Date.now() - failedAt < settings.issuerRetryMs;

  function discover(): Promise<oidc.Configuration> {
    if (configuration !== undefined) return configuration;
    if (recentlyFailed(discoveryFailedAt)) {
      return Promise.reject(new IssuerUnavailableError('discovery failed recently; not retrying yet'));
    }
    const { introspection } = options;
    // Without introspection the client id is never sent anywhere; openid-client only needs one to exist.
    const clientId = introspection?.clientId ?? 'atrium-hub';
    const clientAuthentication =
      introspection === undefined
        ? oidc.None()
        : introspection.authMethod === 'client_secret_post'
          ? oidc.ClientSecretPost(introspection.clientSecret)
          : oidc.ClientSecretBasic(introspection.clientSecret);
    const pending = oidc
      .discovery(new URL(options.issuer), clientId, undefined, clientAuthentication, {
        timeout: toSeconds(settings.issuerTimeoutMs),
        // Kept by the configuration, so introspection requests go through it too.
        [oidc.customFetch]: fetchWithTimeout(settings.issuerTimeoutMs),
        execute: options.dangerouslyAllowInsecureHttp ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = undefined;
        discoveryFailedAt = Date.now();
        log.warn({ err: describe(error) }, 'OpenID discovery failed; will retry on a later request');
        throw new IssuerUnavailableError('discovery failed', { cause: error });
      });
    configuration = pending;
    return pending;
  }

  async function jwks(): Promise<RemoteJwks> {
    if (remoteJwks !== undefined) return remoteJwks;
    const { jwks_uri: jwksUri } = (await discover()).serverMetadata();
    if (jwksUri === undefined) throw unusableMetadata('has no jwks_uri');
    const url = new URL(jwksUri);
    if (url.protocol !== 'https:' && !options.dangerouslyAllowInsecureHttp) {
      throw unusableMetadata('has a jwks_uri that is not https');
    }
    remoteJwks ??= createRemoteJWKSet(url, {
      timeoutDuration: settings.jwksTimeoutMs,
      cooldownDuration: settings.jwksCooldownMs,
      [joseCustomFetch]: fetchWithTimeout(settings.jwksTimeoutMs),
    });
    return remoteJwks;
  }

  function unusableMetadata(problem: string): IssuerUnavailableError {
    log.error(`The issuer's discovery document ${problem}`);
    return new IssuerUnavailableError(`discovery document ${problem}`);
  }

  // While the issuer is down, tokens verify with the keys fetched before (lib/stale-tolerant-jwks.ts).
  const getKey: JWTVerifyGetKey = staleTolerantGetKey({ remote: jwks, retryMs: settings.issuerRetryMs, log });

  async function introspect(token: string): Promise<oidc.IntrospectionResponse> {
    const config = await discover();
    if (config.serverMetadata().introspection_endpoint === undefined) {
      throw unusableMetadata('has no introspection_endpoint');
    }
    try {
      return await oidc.tokenIntrospection(config, token, { token_type_hint: 'access_token' });
    } catch (error) {
      // A refused client (wrong secret) lands here too: a configuration problem, not the caller's fault.
      log.warn({ err: describe(error) }, 'Token introspection failed');
      throw new IssuerUnavailableError('introspection failed', { cause: error });
    }
  }

  return { options, getKey, introspect };
}
