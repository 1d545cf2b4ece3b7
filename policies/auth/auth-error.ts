/**
 * Turns a rejection into the GraphQL error the hub throws while building the context. Apollo Server reads
 * `extensions.http` for the response status and headers (without it, an error from the context function is
 * a 500), then strips it from the body.
 *
 * The hub's catalogue (`hub/errors.ts`) has no auth codes yet and its `HubError` cannot carry headers, so the
 * error is built here; see README.md ("Error codes") for what the catalogue should gain.
 */
import { GraphQLError } from 'graphql';
import type { AuthRejection } from './auth-outcome.js';

export function toGraphQLError(rejection: AuthRejection): GraphQLError {
  const headers = new Map<string, string>();
  if (rejection.wwwAuthenticate !== undefined) headers.set('www-authenticate', rejection.wwwAuthenticate);
  if (rejection.retryAfterSeconds !== undefined)
    headers.set('retry-after', String(rejection.retryAfterSeconds));
  return new GraphQLError(rejection.reason, {
    extensions: { code: rejection.code, http: { status: rejection.status, headers } },
  });
}
