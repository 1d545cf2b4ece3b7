/**
 * The trusted issuer's discovery document and keys, fetched lazily, as the hub's auth policy does
 * (policies/auth/issuer-connection.ts): nothing is fetched at start, so the registry starts while the issuer is
 * down; a failed discovery is retried on a later request (after `DEFAULT_OIDC_RETRY_MS`); the JWKS is a jose
 * remote key set (cached, refetched on an unknown `kid` with a cooldown), and keys fetched before keep verifying
 * tokens while the issuer cannot be reached. Every request has a deadline held by a timer
 * (lib/fetch-with-deadline.ts). Every failure to reach the issuer is an `IssuerUnavailableError` (503).
 */
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { fetchWithDeadline, fetchWithTimeout } from '../../lib/fetch-with-deadline.js';
import {
  describeError as describe,
  IssuerUnavailableError,
  staleTolerantGetKey,
  type RemoteJwks,
} from '../../lib/stale-tolerant-jwks.js';
import { DEFAULT_OIDC_RETRY_MS, type OidcOptions } from './oidc-options.js';

export { IssuerUnavailableError };

/** What the registry reads of the discovery document. */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
}

export interface OidcIssuer {
  readonly options: OidcOptions;
  readonly getKey: JWTVerifyGetKey;
  metadata(): Promise<IssuerMetadata>;
}

const JWKS_COOLDOWN_MS = 30_000;

export function createOidcIssuer(options: OidcOptions, logger: Logger | undefined): OidcIssuer {
  const log = logger?.child({ issuer: options.issuer });
  let discovered: Promise<IssuerMetadata> | undefined;
  let discoveryFailedAt = -Infinity;
  let remoteJwks: RemoteJwks | undefined;
  const recentlyFailed = (at: number) => Date.now() - at < DEFAULT_OIDC_RETRY_MS;
  const allowedUrl = (text: unknown): text is string =>
    typeof text === 'string' &&
    URL.canParse(text) &&
    (new URL(text).protocol === 'https:' ||
      (options.dangerouslyAllowInsecureHttp && new URL(text).protocol === 'http:'));

  async function discover(): Promise<IssuerMetadata> {
    const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetchWithDeadline(
        url,
        { headers: { accept: 'application/json' } },
        options.timeoutMs,
      );
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new IssuerUnavailableError('discovery failed', { cause: error });
    }
    const metadata = (typeof body === 'object' && body !== null ? body : {}) as Partial<IssuerMetadata>;
    // The document must be the issuer's own (OpenID Connect Discovery 1.0, section 4.3).
    if (metadata.issuer !== options.issuer)
      throw new IssuerUnavailableError('the discovery document names another issuer');
    if (!allowedUrl(metadata.jwks_uri))
      throw new IssuerUnavailableError('the discovery document has no usable jwks_uri (https required)');
    return metadata as IssuerMetadata;
  }

  function metadata(): Promise<IssuerMetadata> {
    if (discovered !== undefined) return discovered;
    if (recentlyFailed(discoveryFailedAt))
      return Promise.reject(new IssuerUnavailableError('discovery failed recently; not retrying yet'));
    const pending = discover().catch((error: unknown) => {
      discovered = undefined;
      discoveryFailedAt = Date.now();
      log?.warn({ err: describe(error) }, 'OpenID discovery failed; will retry on a later request');
      throw error;
    });
    discovered = pending;
    return pending;
  }

  async function jwks(): Promise<RemoteJwks> {
    if (remoteJwks !== undefined) return remoteJwks;
    const { jwks_uri: jwksUri } = await metadata();
    remoteJwks ??= createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: options.timeoutMs,
      cooldownDuration: JWKS_COOLDOWN_MS,
      [customFetch]: fetchWithTimeout(options.timeoutMs),
    });
    return remoteJwks;
  }

  const getKey: JWTVerifyGetKey = staleTolerantGetKey({ remote: jwks, retryMs: DEFAULT_OIDC_RETRY_MS, log });

  return { options, getKey, metadata };
}
