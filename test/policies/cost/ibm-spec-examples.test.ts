import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import type { CostFormula } from '../../../policies/cost/cost-formula.js';
import { costSchema, type CostFixture } from './fixtures/cost-schema.js';

// The IBM GraphQL Cost Directives spec, https://ibm.github.io/graphql-specs/cost-spec.html. Its weights are
// stringified floats ("2.0"); Federation's @cost takes an Int, so they are written as integers here.
function compile(fixture: CostFixture, query: string, formula: CostFormula): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10, formula } }).compile(
    parse(query),
  );
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('the IBM spec’s worked examples, with the spec’s Field Cost formula', () => {
  // §3 Example № 1 (schema), № 2 (query), № 3 (response).
  const users = costSchema(`
    type User { name: String age: Int @cost(weight: 2) }
    type Query { users(max: Int): [User] @listSize(slicingArguments: ["max"]) }
  `);
  const example2 = 'query Example { users(max: 5) { age } }';

  it('Example 2 statically costs 11: Query.users once (1) and five User.age (2 each)', () => {
    expect(compile(users, example2, 'ibm').estimate().cost).toBe(11);
  });

  it('Example 3: three users returned cost 7 (1 + 3 × 2), from the response', () => {
    const data = { users: [{ age: 33 }, { age: 45 }, { age: 27 }] };
    expect(compile(users, example2, 'ibm').actual(data).cost).toBe(7);
  });

  it('with Apollo’s formula the same query costs 15: each returned User weighs 1 as well', () => {
    const compiled = compile(users, example2, 'apollo');
    expect(compiled.estimate().cost).toBe(15);
    expect(compiled.actual({ users: [{ age: 33 }, { age: 45 }, { age: 27 }] }).cost).toBe(9);
  });

  // §5.3.2.2 Field Cost: Example № 10 (argument weights), № 11 (negative weights), № 12 (input field weights).
  const products = costSchema(`
    enum Approximate { ROUGHLY }
    input Filter { approx: Approximate @cost(weight: -12) }
    type Product { name: String }
    type Query {
      topProducts(filter: Filter @cost(weight: 15)): [String] @cost(weight: 5) @listSize(assumedSize: 10)
      mostPopularProduct(approx: Approximate @cost(weight: -3)): Product @cost(weight: 5)
    }
  `);

  it('Example 10: topProducts costs 5, and 20 with a filter (5 + 15)', () => {
    expect(compile(products, '{ topProducts }', 'ibm').estimate().cost).toBe(5);
    expect(compile(products, '{ topProducts(filter: {}) }', 'ibm').estimate().cost).toBe(20);
  });

  it('Example 11: a negative argument weight lowers mostPopularProduct from 5 to 2', () => {
    expect(compile(products, '{ mostPopularProduct { name } }', 'ibm').estimate().cost).toBe(5);
    expect(compile(products, '{ mostPopularProduct(approx: ROUGHLY) { name } }', 'ibm').estimate().cost).toBe(
      2,
    );
  });

  it('Example 12: an input field weight: the filter contributes 15 − 12 = 3, the field 8', () => {
    const query = '{ topProducts(filter: { approx: ROUGHLY }) }';
    expect(compile(products, query, 'ibm').estimate().cost).toBe(8);
  });

  it('the same weights from a variable', () => {
    const compiled = compile(products, 'query ($f: Filter) { topProducts(filter: $f) }', 'ibm');
    expect(compiled.estimate({}).cost).toBe(5);
    expect(compiled.estimate({ f: {} }).cost).toBe(20);
    expect(compiled.estimate({ f: { approx: 'ROUGHLY' } }).cost).toBe(8);
  });

  it('a field never costs less than 0, whatever its argument weights', () => {
    const cheap = costSchema(`
      type Query { ping(fast: Boolean @cost(weight: -100)): String @cost(weight: 1) other: String @cost(weight: 3) }
    `);
    expect(compile(cheap, '{ ping(fast: true) other }', 'ibm').estimate().cost).toBe(3);
    expect(compile(cheap, '{ ping(fast: true) other }', 'apollo').estimate().cost).toBe(3);
  });
});
