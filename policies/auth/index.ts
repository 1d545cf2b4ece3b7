/**
 * `auth`: verifies the caller's OAuth 2.0 bearer token (JWT access tokens against the issuer's JWKS, opaque
 * ones by introspection) while the GraphQL context is built, and writes the verified `principal` into it.
 * A bad token is a 401 with an RFC 6750 challenge, an unreachable issuer a 503. See README.md.
 */
import { definePolicy, type PolicyDeps, type PolicyHooks } from '../../hub/pipeline/policy.js';
import { toGraphQLError } from './auth-error.js';
import { authOptions, type AuthOptions } from './options.js';
import { createTokenVerifier } from './verify-access-token.js';

export type { AuthOptions, AuthOptionsInput, IssuerOptions } from './options.js';
export type { AuthOutcome, AuthRejection, AuthErrorCode } from './auth-outcome.js';
export type { Principal } from './principal.js';
export { createTokenVerifier, type TokenVerifier } from './verify-access-token.js';

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
          context.principal = outcome.principal;
          return;
        case 'rejected':
          throw toGraphQLError(outcome);
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
