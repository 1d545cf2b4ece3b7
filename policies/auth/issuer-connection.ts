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
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch as joseCustomFetch,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { fetchWithTimeout } from '../../lib/fetch-with-deadline.js';
import type { AuthOptions, IssuerOptions } from './options.js';

export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}

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

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/** openid-client takes whole seconds. */
function toSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1000));
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'unknown', message: String(error) };
}

/** jose errors that mean "the JWKS could not be fetched", as opposed to "no key in it fits this token". */
function isJwksFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // network errors, aborted fetches
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === 'ERR_JOSE_GENERIC' // non-200 response, or a body that is not JSON
  );
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
  let jwksFailedAt = -Infinity;

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

  const getKey: JWTVerifyGetKey = async (protectedHeader, token) => {
    const remote = await jwks();
    const cached = remote.jwks();
    // While the issuer is known to be down, answer from the keys we have instead of waiting on it again.
    if (cached !== undefined && recentlyFailed(jwksFailedAt))
      return fromStaleKeys(cached, protectedHeader, token);
    try {
      return await remote(protectedHeader, token);
    } catch (error) {
      if (!isJwksFetchFailure(error)) throw error;
      jwksFailedAt = Date.now();
      log.warn({ err: describe(error) }, 'JWKS fetch failed; using the keys fetched before, if any');
      if (cached === undefined) throw new IssuerUnavailableError('JWKS fetch failed', { cause: error });
      return fromStaleKeys(cached, protectedHeader, token);
    }
  };

  /** A token whose key we do not have may be signed with a key rotated in during the outage: 503, not 401. */
  async function fromStaleKeys(
    keys: JSONWebKeySet,
    ...[protectedHeader, token]: Parameters<JWTVerifyGetKey>
  ) {
    try {
      return await createLocalJWKSet(keys)(protectedHeader, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) {
        throw new IssuerUnavailableError('no cached key matches and the JWKS cannot be fetched', {
          cause: error,
        });
      }
      throw error;
    }
  }

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
