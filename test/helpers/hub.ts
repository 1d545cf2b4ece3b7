/**
 * Helpers for hub tests: tiny real subgraphs on ephemeral ports, supergraph composition, a fake registry that
 * serves one supergraph with an ETag, a pino logger captured in memory, and HTTP shortcuts.
 */
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { execute, parse, type GraphQLFieldResolver } from 'graphql';
import { pino, type Logger } from 'pino';
import { loadHubConfig, type DeepPartial, type HubConfigInput } from '../../hub/config/load-hub-config.js';
import type { HubConfig } from '../../hub/config/hub-config.js';
import { startHub, type RunningHub } from '../../hub/server.js';
import type { PolicyTableEntry } from '../../policies/contract/policy.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSubgraphSdl,
  startExampleSubgraphs,
} from '../../subgraphs-example/index.js';
import { composeSupergraph as composeFixture } from './compose-supergraph.js';
import { CATALOG_SDL, startCatalogSubgraph } from '../policies/field-authz/fixtures/catalog-subgraph.js';
import type { TestIssuer } from './oidc-provider.js';

export interface Closable {
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// ---------------------------------------------------------------------------------------------------------
// Subgraphs

export type Resolvers = Record<string, Record<string, GraphQLFieldResolver<unknown, unknown>>>;

export interface TestSubgraph extends Closable {
  readonly name: string;
  readonly url: string;
  readonly typeDefs: string;
}

/** A federation subgraph over HTTP, built with `@apollo/subgraph`; resolvers may be async (slow). */
export async function startTestSubgraph(
  name: string,
  typeDefs: string,
  resolvers: Resolvers,
): Promise<TestSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers });
  const server = createServer((req, res) => {
    readJson(req)
      .then(async (body) => {
        const { query, variables, operationName } = body as {
          query: string;
          variables?: Record<string, unknown>;
          operationName?: string;
        };
        const result = await execute({
          schema,
          document: parse(query),
          variableValues: variables ?? null,
          operationName: operationName ?? null,
        });
        sendJson(res, 200, result);
      })
      .catch((error: unknown) => sendJson(res, 500, { errors: [{ message: String(error) }] }));
  });
  const port = await listen(server);
  return { name, url: `http://127.0.0.1:${port}/graphql`, typeDefs, close: () => closeServer(server) };
}

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

/** Composes subgraphs into supergraph SDL; throws with the composition errors when they do not compose. */
export function composeSupergraph(
  subgraphs: readonly Pick<TestSubgraph, 'name' | 'url' | 'typeDefs'>[],
): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(subgraph.typeDefs),
    })),
  );
  if (result.errors !== undefined) {
    throw new Error(`composition failed: ${result.errors.map((error) => error.message).join('; ')}`);
  }
  return result.supergraphSdl;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two subgraphs: `products` (Query.products, Query.slow that waits `slowMs`) and `reviews` (Product.reviews).
 * `productsTypeDefs(extraField)` lets a test add a field and recompose, to prove hot reload.
 */
export function productsTypeDefs(extraField = ''): string {
  return `${FEDERATION_LINK}
    type Query { products: [Product!]! slow(ms: Int!): String ${extraField} }
    type Mutation { rename(upc: String!, name: String!): Product }
    type Product @key(fields: "upc") { upc: String! name: String }`;
}

export const REVIEWS_TYPE_DEFS = `${FEDERATION_LINK}
  type Product @key(fields: "upc") { upc: String! reviews: [Review!] }
  type Review { body: String! }`;

export const PRODUCTS = [
  { upc: '1', name: 'Table' },
  { upc: '2', name: 'Chair' },
];

export const productsResolvers: Resolvers = {
  Query: {
    products: () => PRODUCTS,
    slow: async (_source, args) => {
      await sleep((args as { ms: number }).ms);
      return 'done';
    },
    greeting: () => 'hello',
  },
  Mutation: {
    rename: (_source, args) => ({ ...(args as { upc: string; name: string }) }),
  },
  Product: { __resolveReference: (ref) => PRODUCTS.find((p) => p.upc === (ref as { upc: string }).upc) },
};

export const reviewsResolvers: Resolvers = {
  Product: {
    reviews: (product) => [{ body: `Nice ${(product as { upc: string }).upc}` }],
  },
};

export interface TestGraph extends Closable {
  readonly products: TestSubgraph;
  readonly reviews: TestSubgraph;
  readonly supergraphSdl: string;
  /** The supergraph with a field added to products' `Query` (`greeting: String` is served). */
  supergraphWith(extraField: string): string;
}

export async function startTestGraph(): Promise<TestGraph> {
  // The running subgraph already serves `greeting`; the first supergraph leaves it out, so a test can add it.
  const products = await startTestSubgraph(
    'products',
    productsTypeDefs('greeting: String'),
    productsResolvers,
  );
  const reviews = await startTestSubgraph('reviews', REVIEWS_TYPE_DEFS, reviewsResolvers);
  return {
    products,
    reviews,
    supergraphSdl: composeSupergraph([{ ...products, typeDefs: productsTypeDefs() }, reviews]),
    supergraphWith: (extraField) =>
      composeSupergraph([{ ...products, typeDefs: productsTypeDefs(extraField) }, reviews]),
    close: async () => {
      await Promise.all([products.close(), reviews.close()]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Fake registry

export interface FakeRegistry extends Closable {
  readonly url: string;
  readonly stats: { requests: number; notModified: number; unauthorized: number };
  publish(supergraphSdl: string): void;
}

/** Serves `GET /v1/graphs/:graph/variants/:variant/supergraph` like the real registry, with ETag and 304. */
export async function startFakeRegistry(options: { token: string; graphRef: string }): Promise<FakeRegistry> {
  const [graph, variant] = options.graphRef.split('@');
  const path = `/v1/graphs/${graph}/variants/${variant}/supergraph`;
  const stats = { requests: 0, notModified: 0, unauthorized: 0 };
  let current: { version: number; hash: string; supergraphSdl: string } | undefined;
  const server = createServer((req, res) => {
    stats.requests += 1;
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      stats.unauthorized += 1;
      sendJson(res, 401, { code: 'UNAUTHENTICATED', message: 'A valid bearer token is required' });
      return;
    }
    if (req.url !== path) {
      sendJson(res, 404, { code: 'NOT_FOUND', message: 'no route' });
      return;
    }
    if (current === undefined) {
      sendJson(res, 404, { code: 'SUPERGRAPH_NOT_FOUND', message: 'nothing composed yet' });
      return;
    }
    const etag = `"${current.hash}"`;
    if (req.headers['if-none-match'] === etag) {
      stats.notModified += 1;
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    sendJson(
      res,
      200,
      { ...current, createdAt: new Date().toISOString(), publishedBy: 'test', subgraphs: [] },
      { etag, 'cache-control': 'no-cache' },
    );
  });
  const port = await listen(server);
  let version = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    publish(supergraphSdl) {
      version += 1;
      current = { version, hash: `hash-${version}`, supergraphSdl };
    },
    close: () => closeServer(server),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Hub config, logs, HTTP

export function testHubConfig(
  overrides: DeepPartial<HubConfigInput>,
  env: Record<string, string> = {},
  policyTable?: readonly PolicyTableEntry[],
): HubConfig {
  return loadHubConfig({
    env,
    // Ephemeral ports, the metrics listener's too (its own in production): test files run in parallel.
    overrides: {
      ...overrides,
      server: { port: 0, ...overrides.server },
      metrics: { port: 0, ...overrides.metrics },
    },
    ...(policyTable && { policyTable }),
  });
}

/** What `createGateway` reads of the config: default subgraph timeout, subgraph errors passed through (the development default). */
export const GATEWAY_CONFIG: Pick<HubConfig, 'subgraphs'> = Object.freeze({
  subgraphs: {
    timeoutMs: 30_000,
    maxResponseBytes: 16 * 1024 * 1024,
    errors: { mode: 'passthrough', allowExtensions: [] },
    overrides: {},
    deduplicateInFlight: true,
  },
});

/** A gateway without `plan` or `subgraph-request` policies. */
export const NO_PIPELINE_HOOKS = Object.freeze({ plan: [], subgraphRequest: [] });

export interface CapturedLogs {
  readonly logger: Logger;
  readonly lines: Record<string, unknown>[];
  readonly text: () => string;
}

export function captureLogs(level: pino.LevelWithSilent = 'info'): CapturedLogs {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString('utf8'));
      callback();
    },
  });
  const lines: Record<string, unknown>[] = [];
  stream.on('finish', () => undefined);
  const logger = pino({ level }, stream);
  return {
    logger,
    get lines() {
      lines.length = 0;
      for (const line of raw.join('').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      return lines;
    },
    text: () => raw.join(''),
  };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

export interface GraphQLResult {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

export async function postGraphQL(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResult['body'],
  };
}

export async function getGraphQL(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<GraphQLResult> {
  const response = await fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResult['body'],
  };
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'atrium-hub-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------------------
// The auth stack: the real hub over the four example subgraphs plus the field-authz `catalog` fixture (an
// interface and a union; every subgraph request recorded), with a real in-process OpenID Provider
// (`startTestIssuer`), for end-to-end auth and authorization tests.

export interface RecordedSubgraphRequest {
  readonly subgraph: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface AuthStack extends Closable {
  readonly hub: RunningHub;
  /** The GraphQL endpoint. */
  readonly url: string;
  /** Every request a subgraph received since the last `clearRequests()`. */
  readonly requests: readonly RecordedSubgraphRequest[];
  clearRequests(): void;
  /** Whether any subgraph was sent a query selecting `field` (matched as a whole word). */
  fetched(field: string): boolean;
  /** POSTs an operation, with `Authorization: Bearer <token>` when a token is given. */
  query(
    query: string,
    options?: { token?: string; headers?: Record<string, string>; variables?: Record<string, unknown> },
  ): Promise<GraphQLResult>;
}

/** Hub config overrides for the stack; the supergraph source and port are filled in. */
export type AuthStackConfig = DeepPartial<HubConfigInput>;

/** `auth.issuers[0]` trusting the test issuer (plain HTTP allowed, introspection as the hub client). */
export function trustIssuer(issuer: TestIssuer) {
  return {
    issuer: issuer.issuer,
    audience: issuer.audience,
    dangerouslyAllowInsecureHttp: true,
    introspection: { clientId: 'atrium-hub', clientSecret: 'atrium-hub-secret' },
  };
}

export async function startAuthStack(
  config: AuthStackConfig,
  { logger = silentLogger(), env = {} }: { logger?: Logger; env?: Record<string, string> } = {},
): Promise<AuthStack> {
  const requests: RecordedSubgraphRequest[] = [];
  const subgraphs = await startExampleSubgraphs({ onRequest: (record) => requests.push(record) });
  const catalog = await startCatalogSubgraph((record) => requests.push({ subgraph: 'catalog', ...record }));
  const dir = await tempDir();
  const closeAll = () => Promise.all([subgraphs.close(), catalog.close(), dir.remove()]);
  const file = join(dir.path, 'supergraph.graphql');
  const { supergraphSdl } = composeFixture([
    ...EXAMPLE_SUBGRAPH_NAMES.map((name) => ({
      name,
      url: subgraphs.urls[name],
      sdl: exampleSubgraphSdl(name),
    })),
    { name: 'catalog', url: catalog.url, sdl: CATALOG_SDL },
  ]);
  await writeFile(file, supergraphSdl);
  let hub: RunningHub;
  try {
    hub = await startHub(testHubConfig({ ...config, supergraph: { file } }, env), { logger });
  } catch (error) {
    await closeAll();
    throw error;
  }
  const url = `${hub.url}/graphql`;
  return {
    hub,
    url,
    requests,
    clearRequests: () => void requests.splice(0),
    fetched: (field) => requests.some((request) => new RegExp(`\\b${field}\\b`).test(request.query)),
    query: (query, { token, headers = {}, variables } = {}) =>
      postGraphQL(
        url,
        { query, ...(variables && { variables }) },
        { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
      ),
    close: async () => {
      await hub.close();
      await closeAll();
    },
  };
}
