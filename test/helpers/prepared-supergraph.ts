/** `prepareSupergraph` as the hub calls it: with the spec directives its policy table declares. */
import { directivesOf } from '../../hub/pipeline/table-declarations.js';
import { policyTable } from '../../hub/pipeline/table.js';
import { prepareSupergraph, type PreparedSupergraph } from '../../hub/supergraph/prepare-supergraph.js';
import type { DirectiveMetadata } from '../../policies/contract/spec-directive.js';
import { COST, LIST_SIZE } from '../../policies/cost/cost-directives.js';
import {
  AUTHENTICATED,
  POLICY,
  REQUIRES_SCOPES,
} from '../../policies/field-authz/authorization-directives.js';

export const HUB_DIRECTIVES = directivesOf(policyTable);

export function prepare(supergraphSdl: string): PreparedSupergraph {
  return prepareSupergraph(supergraphSdl, HUB_DIRECTIVES);
}

/** The directive values the hub's policies read, as plain objects (for `toEqual`). */
export function plainDirectives(directives: DirectiveMetadata): object {
  return {
    authenticated: [...directives.get(AUTHENTICATED).keys()].sort(),
    requiresScopes: Object.fromEntries(directives.get(REQUIRES_SCOPES)),
    policies: Object.fromEntries(directives.get(POLICY)),
    costs: Object.fromEntries(directives.get(COST)),
    listSizes: Object.fromEntries(directives.get(LIST_SIZE)),
  };
}
