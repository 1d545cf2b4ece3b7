/**
 * `identity-forwarding` (phase `subgraph-request`, top-level key `identityForwarding`): every request the hub
 * sends to a subgraph carries the caller's identity as the hub verified it, signed with
 * `identityForwarding.secret` (identity-headers.ts has the scheme). Whatever a client sent under those header
 * names never reaches a subgraph: they are removed first. The client's `Authorization` header is passed on only
 * with `dangerouslyForwardAuthorizationHeader`. On by default; it signs only once a secret is set. See README.md.
 */
import { definePolicy, type PolicyHooks, type PolicyInstance } from '../contract/policy.js';
import { requestSlot } from '../contract/request-state.js';
import { identityHeaders } from './identity-headers.js';
import { identityForwardingOptions, type IdentityForwardingOptions } from './options.js';

export type {
  IdentityForwardingOptions,
  IdentityForwardingOptionsInput,
  IdentityHeaderNames,
} from './options.js';
export { DEFAULT_IDENTITY_HEADERS } from './options.js';
export { identityHeaders, verifyIdentityHeaders, type IdentityVerification } from './identity-headers.js';

/** One signature per client request, shared by all of its subgraph fetches (a query plan may make many). */
const SIGNED_IDENTITY = requestSlot<Readonly<Record<string, string>>>('signed identity headers');

export function createIdentityForwarding(
  options: IdentityForwardingOptions,
): PolicyInstance & Required<Pick<PolicyHooks, 'subgraphRequest'>> {
  const { secret, headers: names, dangerouslyForwardAuthorizationHeader } = options;
  const identityNames = [
    names.subject,
    names.clientId,
    names.scopes,
    names.issuer,
    names.timestamp,
    names.signature,
  ];
  return {
    subgraphRequest: ({ context, headers, incomingHeaders }) => {
      for (const name of identityNames) headers.delete(name);
      if (dangerouslyForwardAuthorizationHeader) {
        const authorization = incomingHeaders.get('authorization');
        if (authorization) headers.set('authorization', authorization);
      }
      if (secret === undefined) return;
      let signed = context.state.get(SIGNED_IDENTITY);
      if (signed === undefined) {
        signed = identityHeaders(context.principal, names, secret, Date.now() / 1000);
        context.state.set(SIGNED_IDENTITY, signed);
      }
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    },
  };
}

export const identityForwardingPolicy = definePolicy({
  name: 'identity-forwarding',
  phase: 'subgraph-request',
  enabledByDefault: true,
  options: identityForwardingOptions,
  config: { key: 'identityForwarding' },
  create: createIdentityForwarding,
});
