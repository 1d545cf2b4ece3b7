// The hub's execution of query plans (`operations.executor: hub`, the default) must answer exactly as
// @apollo/gateway's (`operations.executor: gateway`): the same response text (data, field order, errors with
// their messages, paths and extensions, value-completion extensions) and status, over real subgraphs, for
// subgraph errors, nulls in non-null fields, failing entity fetches, an unreachable subgraph, @requires,
// @provides, aliases, fragments on interfaces and unions, __typename, variables, @skip/@include, introspection.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { waitFor } from '../helpers/wait.js';
import { createBenchSubgraph } from '../../bench/federation/subgraph-server.js';
import { BENCH_SUBGRAPH_NAMES, BENCH_SUBGRAPH_SDL } from '../../bench/federation/schemas.js';
import { FEDERATION_OPERATION_NAME, FEDERATION_QUERY } from '../../bench/federation/query.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSubgraphSdl,
  startExampleSubgraphs,
} from '../../subgraphs-example/index.js';
import {
  composeSupergraph,
  silentLogger,
  startTestSubgraph,
  tempDir,
  testHubConfig,
  type Closable,
  type Resolvers,
  type TestSubgraph,
} from '../helpers/hub.js';

/** Resolvers typed by what they read (the helper's type takes `unknown` sources). */
const resolvers = (map: Record<string, Record<string, unknown>>): Resolvers => map as Resolvers;

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

const CATALOG = `${LINK}
  type Query {
    node(id: ID!): Node
    search(text: String): [SearchResult!]!
    products: [Product!]!
    broken: Product!
    failing: [Product]
    first(count: Int = 2): [Product!]!
  }
  type Mutation { rename(id: ID!, name: String!): Product }
  interface Node { id: ID! }
  enum Kind { BOOK GAME }
  type Product implements Node @key(fields: "id") { id: ID! name: String! price: Int weight: Int kind: Kind }
  type Article implements Node @key(fields: "id") { id: ID! title: String }
  union SearchResult = Product | Article`;

const SHIPPING = `${LINK}
  type Product @key(fields: "id") {
    id: ID!
    price: Int @external
    weight: Int @external
    estimate: Int @requires(fields: "price weight")
    stock: Int!
  }`;

const REVIEWS = `${LINK}
  type Review { id: ID! body: String author: User @provides(fields: "name") }
  type User @key(fields: "id") { id: ID! name: String @external }
  type Product @key(fields: "id") { id: ID! reviews: [Review!] }`;

const USERS = `${LINK}
  type User @key(fields: "id") { id: ID! name: String @shareable email: String! }`;

const GHOST = `${LINK}
  type Product @key(fields: "id") { id: ID! ghost: String }`;

/** A subgraph answering fixed JSON: values its schema would never let a real server send. */
const RAW = `${LINK}
  type Query { badKind: Tone badInt: Int badShape: Shape badList: [Int!] }
  enum Tone { LOW HIGH }
  interface Shape { sides: Int }
  type Square implements Shape { sides: Int }`;

const PRODUCTS = [
  { id: 'p1', name: 'Atlas', price: 1200, weight: 300, kind: 'BOOK' },
  { id: 'p2', name: 'Chess', price: 2500, weight: 900, kind: 'GAME' },
  { id: 'p3', name: 'Mystery', price: 800, weight: 100, kind: null },
];
const ARTICLES = [{ id: 'a1', title: 'On maps' }];
const byId = (id: unknown) => PRODUCTS.find((product) => product.id === id);

function rawAnswer(query: string): unknown {
  if (query.includes('badKind')) return { data: { badKind: 'LOUD' } };
  if (query.includes('badInt')) return { data: { badInt: 'seven' } };
  if (query.includes('badShape')) return { data: { badShape: { __typename: 'Circle', sides: 0 } } };
  if (query.includes('badList')) return { data: { badList: [1, null, 3] } };
  return { data: null, errors: [{ message: 'unknown' }] };
}

async function startRawSubgraph(): Promise<TestSubgraph> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { query } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(rawAnswer(query)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: 'raw',
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: RAW,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function startShopSubgraphs(): Promise<TestSubgraph[]> {
  const catalog = await startTestSubgraph(
    'catalog',
    CATALOG,
    resolvers({
      Query: {
        node: (_: unknown, { id }: { id: string }) =>
          byId(id) ? { __typename: 'Product', ...byId(id) } : ARTICLES.find((article) => article.id === id),
        search: () => [
          { __typename: 'Product', ...PRODUCTS[0] },
          { __typename: 'Article', ...ARTICLES[0] },
          { __typename: 'Product', ...PRODUCTS[1] },
        ],
        products: () => PRODUCTS,
        broken: () => null,
        failing: () => {
          throw new Error('catalog is failing');
        },
        first: (_: unknown, { count }: { count: number }) => PRODUCTS.slice(0, count),
      },
      Node: { __resolveType: (node: { name?: string }) => (node.name === undefined ? 'Article' : 'Product') },
      SearchResult: { __resolveType: (value: { __typename: string }) => value.__typename },
      Product: { __resolveReference: (reference: { id: string }) => byId(reference.id) },
    }),
  );
  const shipping = await startTestSubgraph(
    'shipping',
    SHIPPING,
    resolvers({
      Product: {
        __resolveReference: (reference: Record<string, unknown>) => reference,
        estimate: (product: { id: string; price: number; weight: number }) => {
          if (product.id === 'p2') throw new Error('no carrier for p2');
          return Math.round(product.price / 100 + product.weight / 10);
        },
        stock: (product: { id: string }) => (product.id === 'p3' ? null : 4),
      },
    }),
  );
  const reviews = await startTestSubgraph(
    'reviews',
    REVIEWS,
    resolvers({
      Product: {
        __resolveReference: (reference: { id: string }) => reference,
        reviews: (product: { id: string }) =>
          product.id === 'p3'
            ? null
            : [
                { id: `${product.id}-r1`, body: 'Fine', author: { id: 'u1', name: 'ada' } },
                { id: `${product.id}-r2`, body: 'Meh', author: { id: 'u2', name: 'bob' } },
                { id: `${product.id}-r3`, body: 'Odd', author: { id: 'u3', name: 'eve' } },
              ],
      },
    }),
  );
  const users = await startTestSubgraph(
    'users',
    USERS,
    resolvers({
      User: {
        __resolveReference: (reference: { id: string }) => {
          if (reference.id === 'u3') throw new Error('user u3 is locked');
          return { id: reference.id, name: reference.id === 'u1' ? 'Ada' : 'Bob' };
        },
        email: (user: { id: string }) => (user.id === 'u2' ? null : `${user.id}@example.test`),
      },
    }),
  );
  // Composed with a URL nothing listens on: every fetch to it fails (SUBGRAPH_UNAVAILABLE).
  const ghostServer = await startTestSubgraph('ghost', GHOST, {});
  const ghost = { ...ghostServer, close: () => Promise.resolve() };
  await ghostServer.close();
  return [catalog, shipping, reviews, users, ghost, await startRawSubgraph()];
}

interface Pair {
  readonly hub: RunningHub;
  readonly gateway: RunningHub;
}

const closables: Closable[] = [];
let dir: Awaited<ReturnType<typeof tempDir>>;

async function startPair(name: string, supergraph: string, env: Record<string, string>): Promise<Pair> {
  const file = join(dir.path, `${name}-${env['NODE_ENV'] ?? 'dev'}.graphql`);
  await writeFile(file, supergraph);
  const start = async (executor: 'hub' | 'gateway') => {
    const hub = await startHub(
      testHubConfig(
        {
          supergraph: { file },
          operations: { executor },
          limits: { enabled: false },
          cost: { enabled: false },
          lastKnownGood: { dir: join(dir.path, `lkg-${name}-${executor}-${env['NODE_ENV'] ?? 'dev'}`) },
        },
        env,
      ),
      { logger: silentLogger() },
    );
    closables.push(hub);
    return hub;
  };
  return { hub: await start('hub'), gateway: await start('gateway') };
}

/** The response as sent: status and body text, stack traces (which name each executor's own frames) removed. */
async function answer(hub: RunningHub, body: unknown): Promise<{ status: number; body: string }> {
  const response = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const stripped = text.includes('"stacktrace"')
    ? JSON.stringify(JSON.parse(text), (key, value: unknown) => (key === 'stacktrace' ? undefined : value))
    : text.trimEnd();
  return { status: response.status, body: stripped };
}

async function expectSameAnswers(pair: Pair, body: unknown): Promise<{ status: number; body: string }> {
  const mine = await answer(pair.hub, body);
  const theirs = await answer(pair.gateway, body);
  expect(mine).toEqual(theirs);
  return mine;
}

const SHOP_CASES: readonly (readonly [string, Record<string, unknown>])[] = [
  [
    '@requires, @provides, entity errors, nulls in non-null fields across subgraphs',
    {
      query: `{ products { id name estimate stock reviews { id body author { id name email } } } }`,
    },
  ],
  ['aliases, repeated fields', { query: `{ a: products { x: id n: name } b: products { id id k: kind } }` }],
  [
    'fragments on interfaces and unions, __typename',
    {
      query: `{ __typename
        node(id: "p1") { __typename id ... on Product { name price } ... on Article { title } }
        article: node(id: "a1") { __typename ... on Node { id } ... on Article { t: title } }
        search(text: "") { __typename ... on Node { id } ... on Product { price estimate } ... on Article { title } } }`,
    },
  ],
  [
    'named fragments and nested fragments',
    {
      query: `fragment P on Product { id ...Q reviews { ...R } }
        fragment Q on Product { name estimate }
        fragment R on Review { body author { name } }
        query Named { products { ...P } }`,
      operationName: 'Named',
    },
  ],
  [
    'variables, @skip and @include (true)',
    {
      query: `query V($id: ID!, $flag: Boolean!, $more: Boolean = true) {
        node(id: $id) { id ... on Product @include(if: $flag) { name } }
        products { id name @skip(if: $flag) estimate @include(if: $more) reviews @include(if: $flag) { id } } }`,
      variables: { id: 'p2', flag: true },
    },
  ],
  [
    'variables, @skip and @include (false)',
    {
      query: `query V($id: ID!, $flag: Boolean!, $more: Boolean = true) {
        node(id: $id) { id ... on Product @include(if: $flag) { name } }
        products { id name @skip(if: $flag) estimate @include(if: $more) reviews @include(if: $flag) { id } } }`,
      variables: { id: 'p2', flag: false, more: false },
    },
  ],
  [
    'an argument default and a variable',
    { query: `query F($n: Int) { first(count: $n) { id } x: first { id } }`, variables: { n: 3 } },
  ],
  [
    'a mutation, then entity fetches from its result',
    {
      query: `mutation R($id: ID!) { rename(id: $id, name: "Atlas II") { id name estimate reviews { body } } }`,
      variables: { id: 'p1' },
    },
  ],
  ['a null at the root of a non-null field', { query: `{ broken { id } products { id } }` }],
  ['a subgraph error with a path', { query: `{ failing { id name } products { id } }` }],
  ['an unreachable subgraph for an entity fetch', { query: `{ products { id ghost name } }` }],
  ['invalid variables', { query: `query I($id: ID!) { node(id: $id) { id } }`, variables: {} }],
  ['an unknown operation name', { query: `query A { products { id } }`, operationName: 'B' }],
  [
    'introspection (the gateway executes it)',
    { query: `{ __schema { queryType { name } } products { id } }` },
  ],
  ['__type with data', { query: `{ __type(name: "Product") { name kind } products { id } }` }],
  ['an enum value the schema does not know', { query: `{ badKind }` }],
  ['a value of the wrong scalar type', { query: `{ badInt }` }],
  ['a __typename the schema does not know', { query: `{ badShape { sides __typename } }` }],
  ['a null in a list of non-null items', { query: `{ badList }` }],
  [
    'a mutation-free document with two operations',
    { query: `query One { products { id } } query Two { node(id: "a1") { id } }`, operationName: 'Two' },
  ],
];

beforeAll(async () => {
  dir = await tempDir();
});

afterAll(async () => {
  for (const closable of closables.reverse()) await closable.close();
  await dir?.remove();
});

describe.each([
  ['development (errors passed through)', {}],
  ['production (errors masked)', { NODE_ENV: 'production' }],
])('the hub executor answers as the gateway, %s', (_mode, env: Record<string, string>) => {
  let pair: Pair;

  beforeAll(async () => {
    const subgraphs = await startShopSubgraphs();
    closables.push(...subgraphs);
    pair = await startPair('shop', composeSupergraph(subgraphs), env);
  });

  it.each(SHOP_CASES)('%s', async (_name, body) => {
    const first = await expectSameAnswers(pair, body);
    // Twice: the second request runs on the cached plan and the compiled response shape.
    expect(await expectSameAnswers(pair, body)).toEqual(first);
  });

  it('answers with data and errors where the cases expect them (the comparison is not of two empty answers)', async () => {
    const parsed = async (index: number) =>
      JSON.parse((await answer(pair.hub, SHOP_CASES[index]![1])).body) as {
        data: Record<string, unknown> | null;
        errors?: { path?: unknown[] }[];
      };
    // products is [Product!]!: p3's null stock (Int!) nulls p3, which nulls the list, which nulls the root.
    const products = await parsed(0);
    expect(products.data).toBeNull();
    expect(products.errors?.map((error) => error.path)).toContainEqual(['products', 1, 'estimate']);
    const aliased = await parsed(1);
    expect(aliased.data?.['a']).toEqual([
      { x: 'p1', n: 'Atlas' },
      { x: 'p2', n: 'Chess' },
      { x: 'p3', n: 'Mystery' },
    ]);
  });
});

describe('the hub executor answers as the gateway over the example subgraphs', () => {
  let pair: Pair;

  beforeAll(async () => {
    const started = await startExampleSubgraphs();
    closables.push(started);
    const supergraph = composeSupergraph(
      EXAMPLE_SUBGRAPH_NAMES.map((name) => ({
        name,
        url: started.urls[name],
        typeDefs: exampleSubgraphSdl(name),
      })),
    );
    pair = await startPair('example', supergraph, {});
  });

  it.each([
    `{ topProducts { upc name price weight shippingEstimate inStock reviews { id body author { id username name reviews { id product { upc name } } } } } }`,
    `query S($f: ProductFilter!) { searchProducts(filter: $f, sort: PRICE_DESC) { upc name price relatedProducts { upc } } }`,
    `{ users { id username reviews { body product { name shippingEstimate } } } user(id: "1") { name } }`,
    `{ product(upc: "1") { upc ... on Product { name reviews { author { ... on User { username } } } } } }`,
  ])('%s', async (query) => {
    await expectSameAnswers(pair, { query, variables: { f: { maxPrice: 100000 } } });
  });
});

describe('the hub executor answers as the gateway over the benchmark subgraphs', () => {
  let pair: Pair;

  beforeAll(async () => {
    const subgraphs: TestSubgraph[] = [];
    for (const name of BENCH_SUBGRAPH_NAMES) {
      const server = createBenchSubgraph(name, { requests: 0, executions: 0 });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      subgraphs.push({
        name,
        url: `http://127.0.0.1:${port}/graphql`,
        typeDefs: BENCH_SUBGRAPH_SDL[name],
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      });
    }
    closables.push(...subgraphs);
    pair = await startPair('bench', composeSupergraph(subgraphs), {});
  });

  it('the benchmark query (16 fetches, ~87 KB)', async () => {
    const { body } = await expectSameAnswers(pair, {
      query: FEDERATION_QUERY,
      operationName: FEDERATION_OPERATION_NAME,
      variables: { nonce: 1 },
    });
    expect(body.length).toBeGreaterThan(80_000);
    expect(body).not.toContain('"errors"');
  });
});

describe('the hub executor after a supergraph reload', () => {
  it('reaches a subgraph the new supergraph adds (the gateway updates its data sources in place)', async () => {
    const catalog = await startTestSubgraph(
      'catalog',
      `${LINK}
      type Query { products: [Product!]! }
      type Product @key(fields: "id") { id: ID! }`,
      resolvers({ Query: { products: () => [{ id: 'p1' }] } }),
    );
    const stock = await startTestSubgraph(
      'stock',
      `${LINK}
      type Product @key(fields: "id") { id: ID! stock: Int }`,
      resolvers({
        Product: { __resolveReference: (reference: { id: string }) => ({ ...reference, stock: 7 }) },
      }),
    );
    closables.push(catalog, stock);
    const file = join(dir.path, 'reload.graphql');
    await writeFile(file, composeSupergraph([catalog]));
    const hub = await startHub(
      testHubConfig({ supergraph: { file }, lastKnownGood: { dir: join(dir.path, 'lkg-reload') } }),
      { logger: silentLogger() },
    );
    closables.push(hub);
    const endpoint = `${hub.url}/graphql`;
    expect((await answer(hub, { query: '{ products { id } }' })).body).toBe(
      '{"data":{"products":[{"id":"p1"}]}}',
    );

    const firstHash = hub.current()?.hash;
    await writeFile(file, composeSupergraph([catalog, stock]));
    await waitFor(() => (hub.current()?.hash !== firstHash ? true : undefined), { what: 'the reload' });
    const after = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ products { id stock } }' }),
    });
    expect(await after.json()).toEqual({ data: { products: [{ id: 'p1', stock: 7 }] } });
  });
});
