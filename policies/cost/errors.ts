/** The error codes of demand control (the `cost` policy; part of the hub's catalogue). All are HTTP 400. */
import { defineHubError, defineHubErrors } from '../contract/hub-error.js';

export const CostErrors = defineHubErrors({
  COST_LIMIT_EXCEEDED: defineHubError<{ limit: 'maxCost'; max: number; actual: number }>(
    400,
    'Demand control: the estimated cost of the operation (IBM cost spec with `@cost` / `@listSize`, list sizes from slicing arguments and variables) exceeds `cost.maxCost` (default 50 000). Refused before any subgraph is asked. Details: `limit`, `max`, `actual`.',
    ({ max, actual }) => `The operation costs too much (estimated ${actual}, at most ${max} allowed)`,
  ),
  SUBGRAPH_COST_LIMIT_EXCEEDED: defineHubError<{
    limit: 'maxCost';
    subgraph: string;
    max: number;
    actual: number;
  }>(
    400,
    'Demand control: the estimated cost of the fields one subgraph resolves exceeds its `cost.subgraphs.<name>.maxCost`. The whole operation is refused before any subgraph is asked. Details: `limit`, `subgraph`, `max`, `actual`.',
    ({ subgraph, max, actual }) =>
      `The operation costs subgraph "${subgraph}" too much (estimated ${actual}, at most ${max} allowed)`,
  ),
  ONE_SLICING_ARGUMENT_REQUIRED: defineHubError<{
    coordinate: string;
    slicingArguments: readonly string[];
    provided: number;
  }>(
    400,
    'Demand control: a list field whose `@listSize` has `requireOneSlicingArgument` (the default) got none or several of its slicing arguments, so its size is unknown. Details: `coordinate`, `slicingArguments`, `provided`.',
    ({ coordinate, slicingArguments, provided }) =>
      `${coordinate} needs exactly one of its slicing arguments (${slicingArguments.join(', ')}); ${provided} given`,
  ),
});
