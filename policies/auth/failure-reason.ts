/**
 * The `reason` label of the hub's `atrium_hub_auth_failures_total` for a rejection: a closed set, never the
 * rejection's text (which may name a claim) nor anything of the token. Pure.
 */
import type { AuthRejection } from './auth-outcome.js';

export type AuthFailureReason =
  'missing_token' | 'invalid_request' | 'invalid_token' | 'expired' | 'issuer_unavailable';

export function failureReason(rejection: AuthRejection): AuthFailureReason {
  if (rejection.code === 'AUTH_ISSUER_UNAVAILABLE') return 'issuer_unavailable';
  const challenge = rejection.wwwAuthenticate ?? '';
  if (!challenge.includes('error=')) return 'missing_token';
  if (challenge.includes('error="invalid_request"')) return 'invalid_request';
  return /expired/i.test(rejection.reason) ? 'expired' : 'invalid_token';
}
