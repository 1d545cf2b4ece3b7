import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkCost } from '../../../policies/cost/check-cost.js';
import { CostModel } from '../../../policies/cost/compile-cost.js';
import { costOptions } from '../../../policies/cost/options.js';
import { readFixture } from '../../helpers/compose-supergraph.js';
import { exampleSupergraph } from '../../helpers/example-supergraph.js';

const example = exampleSupergraph();

function estimateExample(query: string, defaultListSize: number) {
  const model = new CostModel({
    schema: example.apiSchema,
    metadata: example.metadata,
    options: { defaultListSize },
    fieldOwner: (coordinate) => example.fieldOwner(coordinate),
  });
  const compiled = model.compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled.estimate();
}

describe('costOptions', () => {
  it('enforces a maximum of 50,000 with the default list size 10 and Apollo’s formula', () => {
    expect(costOptions.parse({})).toEqual({
      mode: 'enforce',
      maxCost: 50_000,
      subgraphs: {},
      defaultListSize: 10,
      formula: 'apollo',
      expose: { extensions: false, headers: false },
    });
  });

  it('refuses unknown keys and maxima that are not positive integers', () => {
    const result = costOptions.safeParse({ maxCosts: 1, subgraphs: { reviews: { maxCost: -1 } } });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      '',
      'subgraphs.reviews.maxCost',
    ]);
  });
});

describe('checkCost', () => {
  it('the defaults pass the gateway benchmark query (28,875) and refuse a deep list recursion', () => {
    const defaults = costOptions.parse({});
    const benchmark = estimateExample(
      readFixture('operations/gateways-benchmark.graphql'),
      defaults.defaultListSize,
    );
    expect(benchmark.cost).toBe(28_875);
    expect(checkCost(benchmark, defaults)).toEqual([]);
    const recursion = estimateExample(
      '{ users(first: 100) { reviews { product { reviews { author { reviews { id } } } } } } }',
      defaults.defaultListSize,
    );
    expect(checkCost(recursion, defaults)).toEqual([
      { code: 'COST_LIMIT_EXCEEDED', mode: 'enforce', limit: 'maxCost', max: 50_000, actual: recursion.cost },
    ]);
    expect(recursion.cost).toBe(100 * (1 + 10 * (1 + 1 + 10 * (1 + 1 + 10 * 1))));
  });

  it('per-subgraph maxima, in measure mode', () => {
    const options = costOptions.parse({
      mode: 'measure',
      subgraphs: { reviews: { maxCost: 100 }, inventory: { maxCost: 100 } },
    });
    const estimate = estimateExample(readFixture('operations/readme-top-products.graphql'), 10);
    expect(estimate.bySubgraph.get('reviews')).toBe(2 * 10 * (1 + 1));
    expect(checkCost(estimate, options)).toEqual([]);
    const tight = costOptions.parse({ mode: 'measure', subgraphs: { reviews: { maxCost: 39 } } });
    expect(checkCost(estimate, tight)).toEqual([
      {
        code: 'SUBGRAPH_COST_LIMIT_EXCEEDED',
        mode: 'measure',
        limit: 'maxCost',
        subgraph: 'reviews',
        max: 39,
        actual: 40,
      },
    ]);
  });

  it('reports requireOneSlicingArgument violations, and nothing when off', () => {
    const estimate = {
      cost: 1,
      bySubgraph: new Map(),
      slicingViolations: [{ coordinate: 'Query.items', slicingArguments: ['first', 'last'], provided: 2 }],
    };
    expect(checkCost(estimate, costOptions.parse({}))).toEqual([
      {
        code: 'ONE_SLICING_ARGUMENT_REQUIRED',
        mode: 'enforce',
        coordinate: 'Query.items',
        slicingArguments: ['first', 'last'],
        provided: 2,
      },
    ]);
    expect(checkCost({ ...estimate, cost: 1e9 }, costOptions.parse({ mode: 'off' }))).toEqual([]);
  });
});
