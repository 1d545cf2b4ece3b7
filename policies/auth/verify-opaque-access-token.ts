/**
 * Verifies opaque access tokens by RFC 7662 introspection at the one issuer configured for it, caching each
 * result under the token's SHA-256 (never the token): an active one until the token expires (at most
 * `maxTtlSeconds`), a rejected one for `inactiveTtlSeconds`. Concurrent checks of one token share a request.
 * Throws `IssuerUnavailableError` when the issuer cannot answer; nothing is cached then.
 */
import { checkIntrospectionResponse } from './check-introspection-response.js';
import { createTokenResultCache } from './token-result-cache.js';
import type { IssuerConnection } from './issuer-connection.js';
import type { AuthOptions } from './options.js';
import type { TokenCheck } from './token-check.js';
import { tokenCacheKey } from './token-key.js';

export interface OpaqueTokenVerifier {
  verify(token: string): Promise<TokenCheck>;
}

export function createOpaqueTokenVerifier(
  connection: IssuerConnection,
  cacheOptions: AuthOptions['introspectionCache'],
): OpaqueTokenVerifier {
  const cache = createTokenResultCache<TokenCheck>(cacheOptions.maxEntries);
  const inFlight = new Map<string, Promise<TokenCheck>>();

  async function introspect(token: string, key: string): Promise<TokenCheck> {
    const response = await connection.introspect(token);
    const now = Date.now();
    const check = checkIntrospectionResponse(response, connection.options, Math.floor(now / 1000));
    cache.set(key, check, expiresAt(check, response.exp, now));
    return check;
  }

  function expiresAt(check: TokenCheck, exp: number | undefined, now: number): number {
    if (check.kind === 'invalid') return now + cacheOptions.inactiveTtlSeconds * 1000;
    const latest = now + cacheOptions.maxTtlSeconds * 1000;
    return typeof exp === 'number' ? Math.min(exp * 1000, latest) : latest;
  }

  return {
    verify(token) {
      const key = tokenCacheKey(token);
      const cached = cache.get(key, Date.now());
      if (cached !== undefined) return Promise.resolve(cached);
      let pending = inFlight.get(key);
      if (pending === undefined) {
        pending = introspect(token, key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
