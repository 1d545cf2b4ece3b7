/**
 * A token's verification key from an issuer's remote JWKS (jose), tolerant of the issuer being away: when the
 * JWKS cannot be fetched, the keys fetched before keep verifying tokens, and while the issuer is known to be
 * down (a failure less than `retryMs` ago) they answer without waiting on it again. A token whose key is not
 * among them may be signed with a key rotated in during the outage: that is the issuer being unavailable (503),
 * not a bad token (401). Shared by the hub's auth policy (policies/auth/issuer-connection.ts) and the registry's
 * OpenID sign-in (registry/auth/oidc-issuer.ts), which each find the JWKS their own way.
 */
import {
  createLocalJWKSet,
  errors,
  type createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';

/**
 * JWS algorithms an access token may be signed with. Only asymmetric ones: keys come from the issuer's public
 * JWKS, so an HMAC algorithm could only ever be an attack (signing with the public key as the secret).
 */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}

export type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/** An error as a log line carries it: its name and message, never a stack or a response body. */
export function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'unknown', message: String(error) };
}

/** jose errors that mean "the JWKS could not be fetched", as opposed to "no key in it fits this token". */
export function isJwksFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // network errors, aborted fetches
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === 'ERR_JOSE_GENERIC' // non-200 response, or a body that is not JSON
  );
}

export interface StaleTolerantKeysOptions {
  /** The issuer's remote JWKS (discovering it first when needed); rejects with IssuerUnavailableError. */
  readonly remote: () => Promise<RemoteJwks>;
  /** How long after a failed fetch the keys at hand answer without trying the issuer again. */
  readonly retryMs: number;
  readonly log?: { warn(details: object, message: string): void } | undefined;
}

export function staleTolerantGetKey({ remote, retryMs, log }: StaleTolerantKeysOptions): JWTVerifyGetKey {
  let failedAt = -Infinity;
  const recentlyFailed = () => Date.now() - failedAt < retryMs;

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

  return async (protectedHeader, token) => {
    const jwks = await remote();
    const cached = jwks.jwks();
    if (cached !== undefined && recentlyFailed()) return fromStaleKeys(cached, protectedHeader, token);
    try {
      return await jwks(protectedHeader, token);
    } catch (error) {
      if (!isJwksFetchFailure(error)) throw error;
      failedAt = Date.now();
      log?.warn({ err: describeError(error) }, 'JWKS fetch failed; using the keys fetched before, if any');
      if (cached === undefined) throw new IssuerUnavailableError('JWKS fetch failed', { cause: error });
      return fromStaleKeys(cached, protectedHeader, token);
    }
  };
}
