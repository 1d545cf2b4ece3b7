// Shared SDL fixtures and an in-process registry for the registry tests (inject, no port).
import type { LightMyRequestResponse } from 'fastify';
import { createRegistry, type Registry, type RegistryOptions } from '../../registry/server.js';
import type { TestStorage } from './databases.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

export const USERS_SDL = `${LINK}
type Query { me: User }
type User @key(fields: "id") { id: ID! name: String }
`;

export const USERS_SDL_V2 = `${LINK}
type Query { me: User }
type User @key(fields: "id") { id: ID! name: String email: String }
`;

export const PRODUCTS_SDL = `${LINK}
type Query { products: [Product!]! }
type Product @key(fields: "upc") { upc: ID! name: String price: Int }
`;

export const REVIEWS_SDL = `${LINK}
type Review { id: ID! body: String author: User product: Product }
type User @key(fields: "id") { id: ID! reviews: [Review!]! }
type Product @key(fields: "upc") { upc: ID! reviews: [Review!]! }
`;

/** Conflicts with USERS_SDL: `User.name` is a String there and an Int here (line 3). */
export const CONFLICTING_USERS_SDL = `${LINK}
type Query { accounts: [User!]! }
type User @key(fields: "id") { id: ID! name: Int }
`;

/** A subgraph that defines a field for one subgraph and nothing else; composes only when alone. */
export function fieldSubgraphSdl(field: string): string {
  return `${LINK}
type Query { ${field}: String }
`;
}

export interface Answer {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: Record<string, unknown> & { code?: string; message?: string };
}

export interface TestRegistry {
  registry: Registry;
  adminToken: string;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** Creates a token through the API and returns its secret. */
  token(role: 'admin' | 'publisher' | 'reader', subgraphs?: string[]): Promise<string>;
  close(): Promise<void>;
}

/** `options`: more registry options (e.g. `approvalTtlSeconds`) on top of the storage's. */
export async function createTestRegistry(
  storage: TestStorage,
  options: Omit<RegistryOptions, 'databaseUrl' | 'dataDir' | 'logger'> = {},
): Promise<TestRegistry> {
  const registry = await createRegistry({ ...storage.options(), ...options, logger: false });
  const adminToken = registry.initialAdminToken;
  if (!adminToken) {
    await registry.close();
    throw new Error('a fresh registry must create an initial admin token');
  }
  const call: TestRegistry['call'] = async (method, url, options = {}) => {
    const token = options.token === undefined ? adminToken : options.token;
    const response = await registry.app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body ? (JSON.parse(response.body) as Answer['body']) : {},
    };
  };
  let tokens = 0;
  return {
    registry,
    adminToken,
    call,
    async token(role, subgraphs) {
      tokens += 1;
      const answer = await call('POST', '/v1/tokens', {
        body: { name: `${role}-${tokens}`, role, ...(subgraphs ? { subgraphs } : {}) },
      });
      if (answer.status !== 201) throw new Error(`creating a token failed: ${JSON.stringify(answer.body)}`);
      return answer.body.secret as string;
    },
    close: () => registry.close(),
  };
}

let graphs = 0;
/** A graph name not used before in this test file. */
export function uniqueGraphName(prefix = 'g'): string {
  graphs += 1;
  return `${prefix}${graphs}_${Date.now().toString(36)}`;
}

/**
 * A wide subgraph: `types` object types of `fieldsPerType` fields (each with one argument), all reachable from
 * Query, plus a Query field named `tag` so that each tag gives a different SDL (and a composition of its own).
 * 400 × 50 is about 20,000 fields and 450 KB: a check of it takes seconds.
 */
export function wideSubgraphSdl(types: number, fieldsPerType: number, tag: string): string {
  const lines = [LINK, 'type Query {'];
  for (let t = 0; t < types; t++) lines.push(`  wide${t}: Wide${t}`);
  lines.push(`  ${tag}: String`, '}');
  for (let t = 0; t < types; t++) {
    lines.push(`type Wide${t} {`);
    for (let f = 0; f < fieldsPerType; f++) lines.push(`  f${f}(a: Int): String`);
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}
