/**
 * Turns what `jose` throws while verifying a JWT into a fixed, client-safe description. Never includes the
 * token or anything read from it.
 */
import { errors } from 'jose';
import { REASONS } from './token-check.js';

export function describeJoseFailure(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return REASONS.expired;
  if (error instanceof errors.JWTClaimValidationFailed) return describeClaimFailure(error.claim);
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The access token signing algorithm is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'No key of the issuer matches the access token';
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return 'Several keys of the issuer match the access token';
  if (error instanceof errors.JOSENotSupported)
    return 'The access token uses an unsupported algorithm or key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return 'The access token is malformed';
  }
  return 'The access token could not be verified';
}

function describeClaimFailure(claim: string): string {
  switch (claim) {
    case 'nbf':
      return REASONS.notYetValid;
    case 'iat':
      return 'The access token issue time is invalid';
    case 'iss':
      return REASONS.untrustedIssuer;
    case 'aud':
      return REASONS.wrongAudience;
    case 'typ':
      return `${REASONS.notAnAccessToken} (its typ header must be at+jwt)`;
    case 'exp':
      return 'The access token has no expiry';
    case 'sub':
      return REASONS.noSubject;
    default:
      return 'The access token claims are invalid';
  }
}
