import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import { costSchema } from './fixtures/cost-schema.js';

const fixture = costSchema(`
  scalar JSON @cost(weight: 2)
  enum Sort { NAME AGE }
  input Filter {
    name: String
    tags: [String] @cost(weight: 1)
    and: [Filter]
    sort: Sort
    deep: Filter @cost(weight: 4)
  }
  type Query {
    search(filter: Filter, filters: [Filter], raw: JSON, sort: Sort @cost(weight: 3)): String
  }
`);

function compile(query: string): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10 } }).compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('argument and input-field weights (scored as Apollo’s router scores them)', () => {
  it('literals: an input object weighs 1 plus its fields; a list its @cost plus its items; leaves their weights', () => {
    expect(compile('{ search(filter: { name: "a" }) }').estimate().cost).toBe(1);
    // tags: list @cost 1 + each item weighs the field’s @cost 1 → 1 + 3
    expect(compile('{ search(filter: { tags: ["a", "b", "c"] }) }').estimate().cost).toBe(1 + 4);
    // deep: @cost 4 on the field wins over the object’s default 1
    expect(compile('{ search(filter: { deep: { name: "x" } }) }').estimate().cost).toBe(1 + 4);
    expect(compile('{ search(raw: "x", sort: NAME) }').estimate().cost).toBe(2 + 3);
    expect(compile('{ search(filter: null) }').estimate().cost).toBe(0);
  });

  it('variables are scored from their values, per request', () => {
    const compiled = compile('query ($f: Filter, $fs: [Filter]) { search(filter: $f, filters: $fs) }');
    expect(compiled.estimate({}).cost).toBe(0);
    expect(compiled.estimate({ f: { name: 'a' } }).cost).toBe(1);
    expect(compiled.estimate({ f: { and: [{ name: 'a' }, { and: [{}] }] } }).cost).toBe(1 + 1 + 1 + 1);
    expect(compiled.estimate({ fs: [{}, {}, {}] }).cost).toBe(3);
  });

  it('variables inside literals, and variable defaults', () => {
    const compiled = compile('query ($tags: [String] = ["a"]) { search(filter: { tags: $tags }) }');
    expect(compiled.estimate({}).cost).toBe(1 + 1 + 1);
    expect(compiled.estimate({ tags: ['a', 'b', 'c', 'd'] }).cost).toBe(1 + 1 + 4);
  });

  it('a custom scalar given an object weighs its scalar weight (Apollo’s arbitrary-JSON case)', () => {
    expect(
      compile('query ($j: JSON) { search(raw: $j) }').estimate({ j: { 'field.with.dots': 1 } }).cost,
    ).toBe(2);
  });
});
