import {
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  parse,
  type DocumentNode,
} from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CostModel } from '../../../policies/cost/compile-cost.js';
import type { CostMetadata, ListSizeSpec } from '../../../policies/cost/cost-metadata.js';
import { costSchema } from './fixtures/cost-schema.js';

const fixture = costSchema(`
  input Filter { name: String and: [Filter] }
  interface Node { id: ID }
  type Query {
    items(first: Int, filter: Filter): [Item] @listSize(slicingArguments: ["first"])
    node: Node
  }
  type Item implements Node { id: ID children: [Item] @listSize(assumedSize: 2) price: Int @cost(weight: 3) }
  type Other implements Node { id: ID }
`);

/** A map that counts its lookups. */
class CountingMap<Value> extends Map<string, Value> {
  reads = 0;
  override get(key: string): Value | undefined {
    this.reads += 1;
    return super.get(key);
  }
}

/** Wraps a document so that every property read anywhere in it is counted. */
function watched(document: DocumentNode): { document: DocumentNode; reads: () => number } {
  let reads = 0;
  const proxies = new WeakMap<object, object>();
  const wrap = <T>(value: T): T => {
    if (value === null || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known !== undefined) return known as T;
    const proxy = new Proxy(value, {
      get(target, property, receiver) {
        reads += 1;
        return wrap(Reflect.get(target, property, receiver) as unknown);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  return { document: wrap(document), reads: () => reads };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('compiled once per document, evaluated per request', () => {
  it('10,000 estimates read neither the document, the schema, the metadata nor the owners again', () => {
    const costs = new CountingMap<number>(fixture.metadata.costs);
    const listSizes = new CountingMap<ListSizeSpec>(fixture.metadata.listSizes);
    const metadata: CostMetadata = { costs, listSizes };
    let ownerCalls = 0;
    const model = new CostModel({
      schema: fixture.schema,
      metadata,
      options: { defaultListSize: 10 },
      fieldOwner: () => {
        ownerCalls += 1;
        return ['catalog'];
      },
    });
    const { document, reads } = watched(
      parse(`query ($n: Int, $f: Filter, $deep: Boolean!) {
        items(first: $n, filter: $f) { ...Parts children @include(if: $deep) { ...Parts } }
        node { id ... on Item { price } }
      }
      fragment Parts on Item { id price }`),
    );
    const fieldLookups = [
      vi.spyOn(GraphQLObjectType.prototype, 'getFields'),
      vi.spyOn(GraphQLInterfaceType.prototype, 'getFields'),
      vi.spyOn(GraphQLInputObjectType.prototype, 'getFields'),
    ];
    const getType = vi.spyOn(fixture.schema, 'getType');
    const getPossibleTypes = vi.spyOn(fixture.schema, 'getPossibleTypes');

    const compiled = model.compile(document);
    if (compiled === undefined) throw new Error('no operation');
    const afterCompile = {
      document: reads(),
      fields: fieldLookups.map((spy) => spy.mock.calls.length),
      getType: getType.mock.calls.length,
      getPossibleTypes: getPossibleTypes.mock.calls.length,
      costs: costs.reads,
      listSizes: listSizes.reads,
      owners: ownerCalls,
    };
    expect(afterCompile.document).toBeGreaterThan(0);
    expect(afterCompile.costs).toBeGreaterThan(0);

    let total = 0;
    for (let request = 0; request < 10_000; request += 1) {
      const n = request % 7;
      const estimate = compiled.estimate({ n, f: { and: [{ name: 'x' }] }, deep: request % 2 === 0 });
      // items n × (1 + price 3 + [children 2 × (1 + 3)]) + filter 1 + 1; node: Node max(1, 1) + price 3
      const expected = n * (1 + 3 + (request % 2 === 0 ? 2 * 4 : 0)) + 2 + 1 + 3;
      expect(estimate.cost).toBe(expected);
      total += estimate.cost;
    }
    expect(total).toBeGreaterThan(0);
    expect({
      document: reads(),
      fields: fieldLookups.map((spy) => spy.mock.calls.length),
      getType: getType.mock.calls.length,
      getPossibleTypes: getPossibleTypes.mock.calls.length,
      costs: costs.reads,
      listSizes: listSizes.reads,
      owners: ownerCalls,
    }).toEqual(afterCompile);
  });

  it('a fragment bomb compiles and evaluates in linear time, with the cost of its expansion', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`,
    );
    const query = `{ ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { items(first: 2) { price } }`;
    const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10 } }).compile(parse(query));
    // 2^40 copies of items(first: 2) { price }: 2 × (1 + 3) each
    expect(compiled?.estimate().cost).toBe(2 ** 40 * 8);
  });

  it('a fragment cycle (a validation error) compiles without hanging', () => {
    const compiled = new CostModel({ ...fixture, options: { defaultListSize: 10 } }).compile(
      parse(
        '{ items(first: 1) { ...A } } fragment A on Item { children { ...B } } fragment B on Item { price ...A }',
      ),
    );
    expect(compiled?.estimate().cost).toBe(1 + 2 * (1 + 3));
  });
});
