/**
 * The hub's policies, in the order they run: the one file of the hub that imports `policies/` (a lint rule
 * keeps it so). Within one phase the pipeline awaits each policy in turn, top to bottom; phases follow a
 * request's path (context → request → operation → plan → subgraph-request → response).
 * `planned` rows hold the place of policies that later work fills in; enabling one is a config error.
 */
import type { PolicyDefinition, PolicyTableEntry } from '../../policies/contract/policy.js';
import { authPolicy } from '../../policies/auth/index.js';
import { clientsPolicy } from '../../policies/clients/index.js';
import { costPolicy } from '../../policies/cost/index.js';
import { fieldAuthzPolicy } from '../../policies/field-authz/index.js';
import { identityForwardingPolicy } from '../../policies/identity-forwarding/index.js';
import { limitsPolicy } from '../../policies/limits/index.js';
import { quotasPolicy } from '../../policies/quotas/index.js';
import { requestLoggingPolicy } from '../../policies/request-logging/index.js';
import { usagePolicy } from '../../policies/usage/index.js';
import { plannedPolicy } from '../../policies/contract/policy.js';

const table = [
  // Before auth: refusing an overloaded document costs a lookup, verifying a token may cost a signature check
  // or an introspection request.
  limitsPolicy,
  authPolicy,
  // Right after auth: the verified principal selects the client record (without auth, the address does).
  clientsPolicy,
  plannedPolicy({ name: 'persisted-operations', phase: 'request' }),
  fieldAuthzPolicy,
  costPolicy,
  quotasPolicy,
  identityForwardingPolicy,
  usagePolicy,
  requestLoggingPolicy,
] as const;

export const policyTable: readonly PolicyTableEntry[] = Object.freeze(table);

type ConfigKeyOf<Entry> =
  Entry extends PolicyDefinition<infer Input, infer Key>
    ? [Key] extends [never]
      ? never
      : { readonly key: Key; readonly input: Input & { readonly enabled?: boolean } }
    : never;

/**
 * The policies' top-level configuration keys with their input types (`auth?: AuthOptionsInput & { enabled? }`),
 * derived from the table: part of `HubConfigInput`.
 */
export type PolicyConfigKeys = {
  readonly [Entry in ConfigKeyOf<(typeof table)[number]> as Entry['key']]?: Entry['input'];
};
