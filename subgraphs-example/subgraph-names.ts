export type ExampleSubgraphName = 'accounts' | 'products' | 'reviews' | 'inventory';

export const EXAMPLE_SUBGRAPH_NAMES: readonly ExampleSubgraphName[] = Object.freeze([
  'accounts',
  'products',
  'reviews',
  'inventory',
]);
