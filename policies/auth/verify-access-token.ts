/**
 * The token verifier: from an `Authorization` header value to an `AuthOutcome`. It never throws and never
 * logs the token. JWTs are verified with the keys of the issuer their (unverified) `iss` names; other tokens
 * go to introspection when an issuer is configured for it.
 */
import type { Logger } from 'pino';
import {
  ANONYMOUS,
  authenticated,
  invalidToken,
  issuerUnavailable,
  missingToken,
  type AuthOutcome,
} from './auth-outcome.js';
import { extractBearerToken } from './bearer.js';
import {
  createIssuerConnection,
  IssuerUnavailableError,
  type IssuerConnection,
} from './issuer-connection.js';
import { authOptions, type AuthOptionsInput } from './options.js';
import type { TokenCheck } from './token-check.js';
import { classifyToken } from './token-format.js';
import { tokenCacheKey } from './token-key.js';
import { createTokenResultCache } from './token-result-cache.js';
import { verifyJwtAccessToken } from './verify-jwt-access-token.js';
import { createOpaqueTokenVerifier } from './verify-opaque-access-token.js';

export interface TokenVerifier {
  verify(authorizationHeader: string | undefined): Promise<AuthOutcome>;
}

export interface TokenVerifierDeps {
  readonly logger: Logger;
  /** Told of each lookup in the verified-token cache (the hub's `verified-tokens` hit ratio). */
  readonly onCacheLookup?: (hit: boolean) => void;
}

/** Validates `options` (throws a `ZodError` listing every problem) and builds the verifier. Fetches nothing. */
export function createTokenVerifier(
  input: AuthOptionsInput,
  { logger, onCacheLookup }: TokenVerifierDeps,
): TokenVerifier {
  const options = authOptions.parse(input);
  const { realm } = options;
  const connections = new Map<string, IssuerConnection>(
    options.issuers.map((issuer) => [issuer.issuer, createIssuerConnection(issuer, options, logger)]),
  );
  const introspecting = [...connections.values()].find(({ options }) => options.introspection !== undefined);
  const opaque =
    introspecting === undefined
      ? undefined
      : createOpaqueTokenVerifier(introspecting, options.introspectionCache);
  const retryAfterSeconds = Math.max(1, Math.ceil(options.issuerRetryMs / 1000));
  // A JWT verifies the same way until it expires: its signature and claims are checked once, then reused.
  const verifiedJwts = createTokenResultCache<AuthOutcome>(options.verifiedJwtCache.maxEntries);
  const verifiedJwtTtlMs = options.verifiedJwtCache.maxTtlSeconds * 1000;

  const toOutcome = (check: TokenCheck): AuthOutcome =>
    check.kind === 'valid' ? authenticated(check.principal) : invalidToken(realm, check.reason);

  async function verifyJwt(token: string, key: string, connection: IssuerConnection): Promise<AuthOutcome> {
    const now = Date.now();
    const check = await verifyJwtAccessToken(token, connection);
    const outcome = toOutcome(check);
    if (check.kind === 'valid') {
      const exp = check.principal.claims.exp;
      const expiresAt = typeof exp === 'number' ? Math.min(exp * 1000, now + verifiedJwtTtlMs) : now;
      verifiedJwts.set(key, outcome, expiresAt);
    }
    return outcome;
  }

  async function verifyToken(token: string): Promise<AuthOutcome> {
    // A JWT verified before is answered from the cache, without decoding it again.
    const key = tokenCacheKey(token);
    const cached = verifiedJwts.get(key, Date.now());
    onCacheLookup?.(cached !== undefined);
    if (cached !== undefined) return cached;
    const format = classifyToken(token);
    switch (format.kind) {
      case 'malformed':
        return invalidToken(realm, format.reason);
      case 'opaque':
        if (opaque === undefined) return invalidToken(realm, 'Opaque access tokens are not accepted');
        return toOutcome(await opaque.verify(token));
      case 'jwt': {
        const issuer = format.unverifiedIssuer;
        const connection = issuer === undefined ? undefined : connections.get(issuer);
        if (connection === undefined) return invalidToken(realm, 'The access token issuer is not trusted');
        return verifyJwt(token, key, connection);
      }
    }
  }

  async function verifyOrFail(token: string): Promise<AuthOutcome> {
    try {
      return await verifyToken(token);
    } catch (error) {
      if (error instanceof IssuerUnavailableError) return issuerUnavailable(retryAfterSeconds);
      // A bug or a surprise from a library: fail closed, log what it was (never the token).
      const err = error instanceof Error ? { name: error.name, message: error.message } : String(error);
      logger.error({ err }, 'Unexpected error while verifying an access token');
      return invalidToken(realm, 'The access token could not be verified');
    }
  }

  return {
    async verify(authorizationHeader) {
      const extracted = extractBearerToken(authorizationHeader, options.maxTokenBytes);
      let outcome: AuthOutcome;
      switch (extracted.kind) {
        case 'missing':
          return options.requireAuthentication ? missingToken(realm) : ANONYMOUS;
        case 'oversized':
          outcome = invalidToken(realm, 'The access token is too large');
          break;
        case 'malformed':
          outcome = invalidToken(realm, extracted.reason, 'invalid_request');
          break;
        case 'token':
          outcome = await verifyOrFail(extracted.token);
          break;
      }
      if (outcome.kind === 'rejected') {
        logger.debug(
          { status: outcome.status, code: outcome.code, reason: outcome.reason },
          'request rejected',
        );
      }
      return outcome;
    },
  };
}
