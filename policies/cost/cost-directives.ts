/**
 * The spec directives demand control reads from the supergraph (https://specs.apollo.dev/cost/v0.1):
 * `@cost(weight: Int!)` on fields, arguments, input fields, objects, scalars and enums, and
 * `@listSize(assumedSize, slicingArguments, sizedFields, requireOneSlicingArgument)` on list fields; and the
 * `CostMetadata` the pure algorithms take, built from them once per supergraph.
 */
import {
  optionalBoolean,
  optionalInt,
  optionalStrings,
  requiredInt,
} from '../contract/directive-arguments.js';
import { specDirective, type DirectiveMetadata } from '../contract/spec-directive.js';
import type { CostMetadata, ListSizeSpec } from './cost-metadata.js';

const COST_SPEC = 'https://specs.apollo.dev/cost';

export const COST = specDirective<number>({
  spec: COST_SPEC,
  versions: ['v0.1'],
  name: 'cost',
  read: (args, coordinate) => requiredInt('cost', coordinate, args, 'weight'),
});

export const LIST_SIZE = specDirective<ListSizeSpec>({
  spec: COST_SPEC,
  versions: ['v0.1'],
  name: 'listSize',
  read: (args, coordinate) => ({
    assumedSize: optionalInt('listSize', coordinate, args, 'assumedSize'),
    slicingArguments: optionalStrings('listSize', coordinate, args, 'slicingArguments'),
    sizedFields: optionalStrings('listSize', coordinate, args, 'sizedFields'),
    // The spec's default (`requireOneSlicingArgument: Boolean = true`).
    requireOneSlicingArgument:
      optionalBoolean('listSize', coordinate, args, 'requireOneSlicingArgument') ?? true,
  }),
});

export const COST_DIRECTIVES = [COST, LIST_SIZE] as const;

export function costMetadata(directives: DirectiveMetadata): CostMetadata {
  return { costs: directives.get(COST), listSizes: directives.get(LIST_SIZE) };
}
