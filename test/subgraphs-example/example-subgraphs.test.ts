import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSchemaPath,
  exampleSubgraphSdl,
  startExampleSubgraphs,
  type ExampleSubgraphName,
  type StartedSubgraphs,
  type SubgraphRequestRecord,
} from '../../subgraphs-example/index.js';

let subgraphs: StartedSubgraphs;
const requests: SubgraphRequestRecord[] = [];

beforeAll(async () => {
  subgraphs = await startExampleSubgraphs({ onRequest: (record) => requests.push(record) });
});

afterAll(async () => {
  await subgraphs.close();
});

async function post(name: ExampleSubgraphName, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(subgraphs.urls[name], {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test': name },
    body: JSON.stringify(body),
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, json: await response.json() };
}

const ENTITIES_QUERY = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ...Fields }
}`;

const ENTITY_CASES: Record<
  ExampleSubgraphName,
  { representation: object; fields: string; expected: object }
> = {
  accounts: {
    representation: { __typename: 'User', id: '2' },
    fields: 'fragment Fields on User { id name username }',
    expected: { __typename: 'User', id: '2', name: 'Alan Turing', username: '@alan' },
  },
  products: {
    representation: { __typename: 'Product', upc: '3' },
    fields: 'fragment Fields on Product { upc name price weight legacyCode }',
    expected: {
      __typename: 'Product',
      upc: '3',
      name: 'Chair',
      price: 800,
      weight: 200,
      legacyCode: 'LEGACY-0003',
    },
  },
  reviews: {
    representation: { __typename: 'Product', upc: '1' },
    fields: 'fragment Fields on Product { reviews { id author { id username } } }',
    expected: {
      __typename: 'Product',
      reviews: [
        { id: '1', author: { id: '1', username: '@ada' } },
        { id: '11', author: { id: '4', username: '@edsger' } },
        { id: '21', author: { id: '7', username: '@frances' } },
      ],
    },
  },
  inventory: {
    representation: { __typename: 'Product', upc: '5', price: 1100, weight: 300 },
    fields: 'fragment Fields on Product { inStock shippingEstimate }',
    expected: { __typename: 'Product', inStock: true, shippingEstimate: 0 },
  },
};

describe.each(EXAMPLE_SUBGRAPH_NAMES)('example subgraph %s', (name) => {
  it('serves its schema.graphql through _service { sdl }', async () => {
    const { status, json } = await post(name, { query: '{ _service { sdl } }' });
    expect(status).toBe(200);
    const sdl = (json as { data: { _service: { sdl: string } } }).data._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    expect(sdl).toContain('@key(fields:');
  });

  it('resolves entities', async () => {
    const { representation, fields, expected } = ENTITY_CASES[name];
    const { json } = await post(name, {
      query: `${ENTITIES_QUERY}\n${fields}`,
      variables: { representations: [representation] },
      operationName: 'Entities',
    });
    expect(json).toEqual({ data: { _entities: [expected] } });
  });

  it('reads its SDL from an absolute schema.graphql path', () => {
    const path = exampleSchemaPath(name);
    expect(isAbsolute(path)).toBe(true);
    expect(path.endsWith(`subgraphs-example/${name}/schema.graphql`)).toBe(true);
    expect(exampleSubgraphSdl(name)).toBe(readFileSync(path, 'utf8'));
  });
});

describe('the example subgraph HTTP server', () => {
  it('records each request with its subgraph, query, variables, operation name and headers', async () => {
    requests.length = 0;
    await post('accounts', {
      query: 'query Me { me { id } }',
      variables: { unused: 1 },
      operationName: 'Me',
    });
    expect(requests).toEqual([
      expect.objectContaining({
        subgraph: 'accounts',
        query: 'query Me { me { id } }',
        variables: { unused: 1 },
        operationName: 'Me',
        headers: expect.objectContaining({ 'x-test': 'accounts' }) as unknown,
      }),
    ]);
  });

  it('answers slicing arguments and list defaults from the deterministic data', async () => {
    const { json } = await post('products', {
      query: '{ topProducts { upc } three: topProducts(first: 3) { upc } }',
    });
    expect(json).toEqual({
      data: {
        topProducts: ['1', '2', '3', '4', '5'].map((upc) => ({ upc })),
        three: ['1', '2', '3'].map((upc) => ({ upc })),
      },
    });
  });

  it('returns validation errors as a GraphQL response, the same way again from its document cache', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { status, json } = await post('inventory', { query: '{ nope }' });
      expect(status).toBe(200);
      expect(json).toEqual({
        errors: [expect.objectContaining({ message: 'Cannot query field "nope" on type "Query".' })],
      });
    }
  });

  it('rejects bodies without a query and methods other than POST', async () => {
    expect((await post('reviews', { variables: {} })).status).toBe(400);
    const response = await fetch(subgraphs.urls.reviews);
    expect(response.status).toBe(405);
    await response.body?.cancel();
  });
});
