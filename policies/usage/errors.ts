import { defineHubError, defineHubErrors } from '../contract/hub-error.js';

export const UsageErrors = defineHubErrors({
  USAGE_TARGET_MISSING: defineHubError(
    null,
    'Boot: the `usage` policy has no registry to report to: the hub serves a supergraph file and `usage.url` / `usage.graph` are not set.',
    'usage: set usage.url and usage.graph (the hub does not load its supergraph from a registry)',
  ),
});
