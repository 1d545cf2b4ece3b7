/**
 * The error codes of the `limits` policy (part of the hub's catalogue). Each refusal is HTTP 400 with
 * `extensions { code, limit, max, actual }`; no subgraph was asked.
 */
import { defineHubError, defineHubErrors } from '../contract/hub-error.js';
import type { LimitName } from './options.js';

type Breach = { limit: LimitName; max: number; actual: number };

function limitError(description: string, what: string) {
  return defineHubError<Breach>(
    400,
    `${description} Refused before any subgraph is asked. Details: \`limit\`, \`max\`, \`actual\`.`,
    ({ max, actual }) => `The operation ${what} (${actual}, at most ${max} allowed)`,
  );
}

export const LimitsErrors = defineHubErrors({
  MAX_TOKENS_EXCEEDED: limitError(
    'The document has more lexical tokens than `limits.maxTokens` (default 1000); counted before it is parsed, so `actual` is `max + 1` in `enforce` mode.',
    'has too many tokens',
  ),
  MAX_DEPTH_EXCEEDED: limitError(
    'The operation nests fields deeper than `limits.maxDepth` (default 20), fragments expanded.',
    'is nested too deeply',
  ),
  MAX_HEIGHT_EXCEEDED: limitError(
    'The operation selects more distinct fields per selection set, summed with fragments expanded, than `limits.maxHeight` (default 500).',
    'selects too many fields',
  ),
  MAX_ALIASES_EXCEEDED: limitError(
    'The operation has more aliased fields than `limits.maxAliases` (default 30), fragments expanded.',
    'has too many aliases',
  ),
  MAX_DIRECTIVES_EXCEEDED: limitError(
    'The operation applies more directives than `limits.maxDirectives` (default 30), fragments expanded; checked before validation, so directive overloading gets this one error.',
    'applies too many directives',
  ),
  MAX_ROOT_FIELDS_EXCEEDED: limitError(
    'The operation selects more root fields (response keys, aliases counted) than `limits.maxRootFields` (default 20).',
    'selects too many root fields',
  ),
  MAX_SUBGRAPH_FETCHES_EXCEEDED: limitError(
    'The query plan of the operation makes more subgraph fetches than `limits.maxSubgraphFetches` (default 50); checked once the plan is known, before the first fetch.',
    'needs too many subgraph fetches',
  ),
});
