/** The error codes of the `auth` policy (part of the hub's catalogue, see `policies/contract/hub-error.ts`). */
import { defineHubError as define, defineHubErrors } from '../contract/hub-error.js';

export const AuthErrors = defineHubErrors({
  UNAUTHENTICATED: define<{ reason: string; challenge: string }>(
    401,
    'The request carries no access token although `auth.requireAuthentication` is on, or its token is invalid: malformed or oversized, bad signature or algorithm, expired or not yet valid, wrong issuer or audience, an ID token, an unknown key, or inactive at introspection. Header `WWW-Authenticate: Bearer …` with `error="invalid_token"` and `error_description` for a rejected token (RFC 6750).',
    ({ reason }) => reason,
    { headers: ({ challenge }) => ({ 'www-authenticate': challenge }), internal: ['reason', 'challenge'] },
  ),
  AUTH_ISSUER_UNAVAILABLE: define<{ retryAfterSeconds: number }>(
    503,
    'The token issuer cannot be reached (discovery, JWKS or introspection) and nothing cached can verify the token. Header `Retry-After`.',
    'The token issuer cannot be reached to verify the access token; retry later',
    { headers: ({ retryAfterSeconds }) => ({ 'retry-after': String(retryAfterSeconds) }) },
  ),
});
