/**
 * What the policy table declares for the whole hub, enabled policies or not: the spec directives read from
 * every supergraph, and the error codes (with the hub's own, in `hub/error-definitions.ts`).
 */
import type { PolicyDefinition, PolicyTableEntry } from '../../policies/contract/policy.js';
import type { HubErrorDefinition } from '../../policies/contract/hub-error.js';
import type { SpecDirective } from '../../policies/contract/spec-directive.js';

function definitions(table: readonly PolicyTableEntry[]): PolicyDefinition[] {
  return table.filter((entry): entry is PolicyDefinition => entry.kind === 'policy');
}

export function directivesOf(table: readonly PolicyTableEntry[]): readonly SpecDirective<unknown>[] {
  return [...new Set(table.flatMap((entry) => entry.directives))];
}

export function errorDefinitionsOf(table: readonly PolicyTableEntry[]): readonly HubErrorDefinition[] {
  return definitions(table).flatMap((entry) => entry.errors);
}
