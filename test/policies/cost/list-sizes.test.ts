import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostModel, type CompiledCost } from '../../../policies/cost/compile-cost.js';
import { costSchema } from './fixtures/cost-schema.js';

const fixture = costSchema(`
  input Page { first: Int, after: String }
  type Query {
    items(first: Int, last: Int): [Item] @listSize(slicingArguments: ["first", "last"])
    loose(first: Int, last: Int): [Item] @listSize(slicingArguments: ["first", "last"], requireOneSlicingArgument: false, assumedSize: 4)
    defaulted(first: Int = 7): [Item] @listSize(slicingArguments: ["first"])
    paged(page: Page): [Item] @listSize(slicingArguments: ["page.first"], requireOneSlicingArgument: false)
    plain: [Item]
    matrix: [[Item]] @listSize(assumedSize: 3)
    connection(first: Int): ItemConnection @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
  }
  type ItemConnection { edges: [ItemEdge] total: Int }
  type ItemEdge { node: Item }
  type Item { id: ID children: [Item] @listSize(assumedSize: 2) }
`);

function compile(query: string, defaultListSize = 10): CompiledCost {
  const compiled = new CostModel({ ...fixture, options: { defaultListSize } }).compile(parse(query));
  if (compiled === undefined) throw new Error('no operation');
  return compiled;
}

describe('list sizes', () => {
  it('a list without @listSize has the default list size', () => {
    expect(compile('{ plain { id } }').estimate().cost).toBe(10);
    expect(compile('{ plain { id } }', 3).estimate().cost).toBe(3);
  });

  it('slicing arguments from literals, variables, the operation’s variable defaults and the schema’s defaults', () => {
    expect(compile('{ items(first: 6) { id } }').estimate().cost).toBe(6);
    const byVariable = compile('query ($n: Int) { items(first: $n) { id } }');
    expect(byVariable.estimate({ n: 8 }).cost).toBe(8);
    expect(byVariable.estimate({ n: 100 }).cost).toBe(100);
    expect(compile('query ($n: Int = 9) { items(first: $n) { id } }').estimate({}).cost).toBe(9);
    expect(compile('{ defaulted { id } }').estimate().cost).toBe(7);
    expect(compile('{ defaulted(first: 2) { id } }').estimate().cost).toBe(2);
  });

  it('a slicing argument inside an input object (dotted path), literal or variable', () => {
    expect(compile('{ paged(page: { first: 5 }) { id } }').estimate().cost).toBe(5 + 1);
    const whole = compile('query ($p: Page) { paged(page: $p) { id } }');
    // the Page object weighs 1 (a composite input) on top of 4 items
    expect(whole.estimate({ p: { first: 4 } }).cost).toBe(4 + 1);
    const inner = compile('query ($n: Int) { paged(page: { first: $n }) { id } }');
    expect(inner.estimate({ n: 3 }).cost).toBe(3 + 1);
  });

  it('several slicing arguments: the largest; none given: assumedSize, else the default', () => {
    expect(compile('{ loose(first: 2, last: 5) { id } }').estimate().cost).toBe(5);
    expect(compile('{ loose { id } }').estimate().cost).toBe(4);
  });

  it('requireOneSlicingArgument: exactly one slicing argument must have a value', () => {
    const none = compile('{ items { id } }').estimate();
    expect(none.cost).toBe(10);
    expect(none.slicingViolations).toEqual([
      { coordinate: 'Query.items', slicingArguments: ['first', 'last'], provided: 0 },
    ]);
    const two = compile('{ items(first: 1, last: 2) { id } }').estimate();
    expect(two.cost).toBe(2);
    expect(two.slicingViolations).toEqual([
      { coordinate: 'Query.items', slicingArguments: ['first', 'last'], provided: 2 },
    ]);
    expect(compile('{ items(last: 2) { id } }').estimate().slicingViolations).toEqual([]);
    // a schema default counts as given
    expect(compile('{ defaulted { id } }').estimate().slicingViolations).toEqual([]);
    // per request: a variable that is absent gives no value
    const byVariable = compile('query ($n: Int) { items(first: $n) { id } }');
    expect(byVariable.estimate({ n: 3 }).slicingViolations).toEqual([]);
    expect(byVariable.estimate({}).slicingViolations).toHaveLength(1);
    // requireOneSlicingArgument: false accepts any number
    expect(compile('{ loose(first: 1, last: 2) { id } }').estimate().slicingViolations).toEqual([]);
  });

  it('sizedFields: the slicing argument sizes the connection’s edges, not the connection', () => {
    // connection 1 + edges 5 × (edge 1 + node 1)
    expect(compile('{ connection(first: 5) { edges { node { id } } total } }').estimate().cost).toBe(11);
    const byVariable = compile(
      'query ($n: Int) { connection(first: $n) { ...Edges } } fragment Edges on ItemConnection { edges { node { id } } }',
    );
    expect(byVariable.estimate({ n: 20 }).cost).toBe(41);
  });

  it('nested lists multiply: list fields inside list fields, and [[T]] per level', () => {
    // 6 items × (1 + 2 children × (1 + 2 grandchildren × 1))
    expect(compile('{ items(first: 6) { children { children { id } } } }').estimate().cost).toBe(
      6 * (1 + 2 * (1 + 2)),
    );
    expect(compile('{ matrix { id } }').estimate().cost).toBe(3 * 3);
  });

  it('negative or fractional slicing values: never below 0, rounded up', () => {
    const byVariable = compile('query ($n: Int) { items(first: $n) { id } }');
    expect(byVariable.estimate({ n: -5 }).cost).toBe(0);
    expect(byVariable.estimate({ n: 2.5 }).cost).toBe(3);
    expect(byVariable.estimate({ n: 'many' }).cost).toBe(10);
  });
});
