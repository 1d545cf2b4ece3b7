/**
 * `auth`: verifies the caller's OAuth 2.0 bearer token (JWT access tokens against the issuer's JWKS, opaque
 * ones by introspection) while the GraphQL context is built, and writes the verified `principal` into it,
 * once. A bad token is a 401 with an RFC 6750 challenge, an unreachable issuer a 503, both thrown through the
 * policy's error codes (`errors.ts`). See README.md.
 */
import { setPrincipal } from '../contract/hub-context.js';
import type { HubError } from '../contract/hub-error.js';
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import type { PolicyDeps } from '../contract/policy-deps.js';
import type { AuthRejection } from './auth-outcome.js';
import { AuthErrors } from './errors.js';
import { failureReason } from './failure-reason.js';
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
    return AuthErrors.AUTH_ISSUER_UNAVAILABLE.create({ retryAfterSeconds: rejection.retryAfterSeconds ?? 5 });
  }
  return AuthErrors.UNAUTHENTICATED.create({
    reason: rejection.reason,
    challenge: rejection.wwwAuthenticate ?? 'Bearer',
  });
}

export function createAuth(
  options: AuthOptions,
  deps: PolicyDeps,
): PolicyInstance & Required<Pick<PolicyHooks, 'context'>> {
  const verifier = createTokenVerifier(options, {
    logger: deps.logger,
    onCacheLookup: (hit) => deps.events.record({ kind: 'cache-lookup', cache: 'verified-tokens', hit }),
  });
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
          deps.events.record({ kind: 'auth-failure', reason: failureReason(outcome) });
          throw rejectionError(outcome);
      }
    },
  };
}

export const authPolicy = definePolicy({
  name: 'auth',
  phase: 'context',
  options: authOptions,
  config: { key: 'auth' },
  errors: AuthErrors,
  create: createAuth,
});
