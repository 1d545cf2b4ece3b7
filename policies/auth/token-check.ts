/** The result of checking one token against one issuer, before it becomes an `AuthOutcome`. Pure. */
import type { Principal } from './principal.js';

export type TokenCheck =
  | { readonly kind: 'valid'; readonly principal: Principal }
  | { readonly kind: 'invalid'; readonly reason: string };

export function invalid(reason: string): TokenCheck {
  return Object.freeze({ kind: 'invalid', reason });
}

/** Claims only an ID token carries (OpenID Connect Core §2, §3.3.2.11): such a token is no access token. */
export const ID_TOKEN_CLAIMS: readonly string[] = ['nonce', 'at_hash', 'c_hash'];

export const REASONS = Object.freeze({
  expired: 'The access token expired',
  notYetValid: 'The access token is not valid yet',
  untrustedIssuer: 'The access token issuer is not trusted',
  wrongAudience: 'The access token is not intended for this audience',
  notAnAccessToken: 'The token is not an access token',
  idToken: 'An ID token cannot be used as an access token',
  senderConstrained: 'Sender-constrained access tokens are not supported',
  noSubject: 'The access token names no subject',
  inactive: 'The access token is not active',
});
