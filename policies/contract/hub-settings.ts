/**
 * Settings of the whole hub that a policy may inherit (`inherits: ['introspection']` in its definition): the
 * hub copies their values into the policy's options, and the policy's own configuration cannot set them.
 * The refusal that goes with a setting is defined here too, since both the hub and a policy may raise it:
 * with `introspection: off` the hub refuses `__schema` / `__type` before any `operation` policy runs, and
 * `field-authz` refuses it as well when used on its own.
 */
import { defineHubError, defineHubErrors } from './hub-error.js';

/** `full`: the whole API schema. `filtered`: only what the caller could access. `off`: refused. */
export type IntrospectionMode = 'full' | 'filtered' | 'off';

export interface HubSettings {
  readonly introspection: IntrospectionMode;
  /** The hub's data directory (`lastKnownGood.dir`): where a policy keeps files (the usage spool). */
  readonly dataDir: string;
  /** The registry the hub loads its supergraph from (`supergraph.registry`), null for a supergraph file. */
  readonly supergraphRegistry: { readonly url: string; readonly graphRef: string } | null;
}

export type HubSettingName = keyof HubSettings;

export const HubSettingErrors = defineHubErrors({
  INTROSPECTION_DISABLED: defineHubError(
    403,
    'The operation selects `__schema` or `__type` and `introspection` is `off` (the default when `NODE_ENV=production`).',
    'Introspection is disabled on this hub',
  ),
});
