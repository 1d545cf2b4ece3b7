/**
 * `auth`: verifies the caller's OAuth 2.0 bearer token (JWT access tokens against the issuer's JWKS, opaque
 * ones by introspection) while the GraphQL context is built, and writes the verified `principal` into it,
 * once. A bad token is a 401 with an RFC 6750 challenge, an unreachable issuer a 503, both thrown through the
 * hub's error catalogue. See README.md.
 */
import { HubErrors, type HubError } from '../../hub/errors.js';
import { setPrincipal } from '../../hub/pipeline/hub-context.js';
import { definePolicy, type PolicyDeps, type PolicyHooks } from '../../hub/pipeline/policy.js';
import type { AuthRejection } from './auth-outcome.js';
import { authOptions, type AuthOptions } from './options.js';
import { createTokenVerifier } from './verify-access-token.js';

export type { AuthOptions, AuthOptionsInput, IssuerOptions } from './options.js';
export type { AuthOutcome, AuthRejection, AuthErrorCode } from './auth-outcome.js';
export type { Principal } from './principal.js';
export { authOptions } from './options.js';
export { createTokenVerifier, type TokenVerifier } from './verify-access-token.js';

/** The catalogue error for a rejection: 401 with its challenge, or 503 with `Retry-After`. */
export function rejectionError(rejection: AuthRejection): HubError {
  if (rejection.code === 'AUTH_ISSUER_UNAVAILABLE') {
    return HubErrors.AUTH_ISSUER_UNAVAILABLE.create({ retryAfterSeconds: rejection.retryAfterSeconds ?? 5 });
  }
  return HubErrors.UNAUTHENTICATED.create({
    reason: rejection.reason,
    challenge: rejection.wwwAuthenticate ?? 'Bearer',
  });
}

export function createAuth(
  options: AuthOptions,
  deps: PolicyDeps,
): PolicyHooks & Required<Pick<PolicyHooks, 'context'>> {
  const verifier = createTokenVerifier(options, { logger: deps.logger });
  return {
    context: async ({ context, http }) => {
      const outcome = await verifier.verify(http.headers.get('authorization'));
      switch (outcome.kind) {
        case 'anonymous':
          return;
        case 'authenticated':
          setPrincipal(context, outcome.principal);
          return;
        case 'rejected':
          throw rejectionError(outcome);
      }
    },
  };
}

export const authPolicy = definePolicy({
  name: 'auth',
  phase: 'context',
  options: authOptions,
  create: createAuth,
});
