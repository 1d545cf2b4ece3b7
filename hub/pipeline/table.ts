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
import { persistedOperationsPolicy } from '../../policies/persisted-operations/index.js';
import { quotasPolicy } from '../../policies/quotas/index.js';
import { requestLoggingPolicy } from '../../policies/request-logging/index.js';
import { usagePolicy } from '../../policies/usage/index.js';

const table = [
  authPolicy,
  // Right after auth: the verified principal selects the client record (without auth, the address does).
  clientsPolicy,
  // After clients (the record's mode) and before Apollo parses: an id becomes its registered body here.
  persistedOperationsPolicy,
  // After persisted-operations, so a request by id is measured on its registered body and `skipPersisted`
  // knows registered operations. (Before, it ran first: an overloaded document is now refused after its token
  // is verified, a cached check for a known token.)
  limitsPolicy,
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
