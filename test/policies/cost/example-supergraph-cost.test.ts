import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BENCH_QUERY } from '../../../bench/bench-query.js';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import { readFixture } from '../../helpers/compose-supergraph.js';
import { exampleSupergraph } from '../../helpers/example-supergraph.js';

const example = exampleSupergraph();
const model = new CostModel({
  schema: example.apiSchema,
  metadata: example.metadata,
  options: { defaultListSize: 10 },
  fieldOwner: (coordinate) => example.fieldOwner(coordinate),
});

function compile(query: string): CompiledCost {
  const compiled = model.compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('cost over the example supergraph (@cost and @listSize read by the hub)', () => {
  it('reads the example subgraphs’ @cost and @listSize', () => {
    // topProducts(first = 5) × (Product 1 + shippingEstimate 3 + relatedProducts(first = 3) × (5 + Product…))
    expect(compile('{ topProducts { shippingEstimate } }').estimate().cost).toBe(5 * (1 + 3));
    expect(compile('{ topProducts(first: 2) { relatedProducts { upc } } }').estimate().cost).toBe(
      2 * (1 + 3 * 5),
    );
    expect(compile('{ users { reviews { body } } }').estimate().cost).toBe(5 * (1 + 10 * 1));
  });

  it('the bench query, in total and per subgraph (the fields each subgraph resolves)', () => {
    const estimate = compile(BENCH_QUERY).estimate();
    // products (5) × [Product 1 + shippingEstimate 3 + reviews 10 × (Review 1 + author (User 1 + reviews 10 × (1 + product 1)))]
    expect(estimate.cost).toBe(5 * (1 + 3 + 10 * (1 + (1 + 10 * (1 + 1)))));
    // A field's weight goes to the subgraphs that resolve it: Review.product returns a Product reference from
    // reviews; accounts and products answer the entity fetches for scalars only, which weigh 0.
    expect(estimate.bySubgraph).toEqual(
      new Map([
        ['products', 5 * 1],
        ['inventory', 5 * 3],
        ['reviews', 5 * 10 * (1 + 1 + 10 * (1 + 1))],
        ['accounts', 0],
      ]),
    );
    expect(estimate.slicingViolations).toEqual([]);
  });

  it('the gateway benchmark query (depth 8)', () => {
    const estimate = compile(readFixture('operations/gateways-benchmark.graphql')).estimate();
    const product = 1 + 3; // Product, shippingEstimate
    const usersBranch = 5 * (1 + 10 * (1 + (product + 10 * (1 + (1 + 10 * (1 + product))))));
    const topProductsBranch = 5 * (product + 10 * (1 + (1 + 10 * (1 + product))));
    expect(estimate.cost).toBe(usersBranch + topProductsBranch);
  });
});
