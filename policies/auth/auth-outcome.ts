/**
 * What verifying a request's credentials can end in. Failures are values, not exceptions: the adapter maps a
 * rejection to an HTTP status, a `WWW-Authenticate` header and a GraphQL error code. Pure: no Node or Apollo.
 */
import type { Principal } from './principal.js';
import { buildBearerChallenge, type BearerErrorCode } from './www-authenticate.js';

export type AuthErrorCode = 'UNAUTHENTICATED' | 'AUTH_ISSUER_UNAVAILABLE';

export interface AuthRejection {
  readonly kind: 'rejected';
  readonly status: 401 | 503;
  readonly code: AuthErrorCode;
  /** Set on 401s: the RFC 6750 challenge to send back. */
  readonly wwwAuthenticate?: string;
  /** Set on 503s: when to try again. */
  readonly retryAfterSeconds?: number;
  /** Why, for the client and the logs. A fixed text: never the token, never the token's content. */
  readonly reason: string;
}

export type AuthOutcome =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'authenticated'; readonly principal: Principal }
  | AuthRejection;

export const ANONYMOUS: AuthOutcome = Object.freeze({ kind: 'anonymous' });

export function authenticated(principal: Principal): AuthOutcome {
  return Object.freeze({ kind: 'authenticated', principal });
}

/** No credentials but they are required: a bare challenge (RFC 6750 §3.1, no `error`). */
export function missingToken(realm: string): AuthRejection {
  return Object.freeze({
    kind: 'rejected',
    status: 401,
    code: 'UNAUTHENTICATED',
    wwwAuthenticate: buildBearerChallenge({ realm }),
    reason: 'Authentication is required',
  });
}

export function invalidToken(
  realm: string,
  reason: string,
  error: BearerErrorCode = 'invalid_token',
): AuthRejection {
  return Object.freeze({
    kind: 'rejected',
    status: 401,
    code: 'UNAUTHENTICATED',
    wwwAuthenticate: buildBearerChallenge({ realm, error, errorDescription: reason }),
    reason,
  });
}

export function issuerUnavailable(retryAfterSeconds: number): AuthRejection {
  return Object.freeze({
    kind: 'rejected',
    status: 503,
    code: 'AUTH_ISSUER_UNAVAILABLE',
    retryAfterSeconds,
    reason: 'The token issuer cannot be reached to verify the access token; retry later',
  });
}
