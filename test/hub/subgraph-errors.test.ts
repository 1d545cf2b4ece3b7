// With `maskErrors` (the production default), what a subgraph puts in its errors (stack traces, SQL, internal
// host names) must not reach clients: only the message and the code, plus what the configuration allows per
// subgraph. The original is logged with the request id.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import {
  captureLogs,
  composeSupergraph,
  FEDERATION_LINK,
  postGraphQL,
  silentLogger,
  tempDir,
  testHubConfig,
  type CapturedLogs,
} from '../helpers/hub.js';

const VERBOSE_EXTENSIONS = {
  code: 'DATABASE_ERROR',
  stacktrace: ['Error: relation "products" is locked', '    at query (/srv/app/db.js:42:11)'],
  sql: 'SELECT * FROM products WHERE tenant = 7',
  host: 'pg-primary-7.internal.example',
  exception: { errno: 55 },
};

/**
 * A subgraph whose `products` fails with a verbose error; `rejected` is answered with HTTP 400 and `locked`
 * with 401, both with a verbose body.
 */
async function startVerboseSubgraph(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { query } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
      if (query.includes('rejected') || query.includes('locked')) {
        response.writeHead(query.includes('locked') ? 401 : 400, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ errors: [{ message: 'Bad query at db-3', extensions: VERBOSE_EXTENSIONS }] }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          data: { products: null },
          errors: [
            { message: 'Products are unavailable', path: ['products'], extensions: VERBOSE_EXTENSIONS },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let subgraph: Awaited<ReturnType<typeof startVerboseSubgraph>>;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const hubs: RunningHub[] = [];

beforeAll(async () => {
  subgraph = await startVerboseSubgraph();
  dir = await tempDir();
  file = join(dir.path, 'supergraph.graphql');
  const typeDefs = `${FEDERATION_LINK}
    type Query { products: [Product] rejected: String locked: String }
    type Product @key(fields: "upc") { upc: String! }`;
  await writeFile(file, composeSupergraph([{ name: 'inventory', url: subgraph.url, typeDefs }]));
});

afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await subgraph?.close();
  await dir?.remove();
});

async function hub(
  config: Parameters<typeof testHubConfig>[0],
  env: Record<string, string>,
  logs?: CapturedLogs,
): Promise<RunningHub> {
  const started = await startHub(testHubConfig({ ...config, supergraph: { file } }, env), {
    logger: logs?.logger ?? silentLogger(),
  });
  hubs.push(started);
  return started;
}

const PRODUCTION = { NODE_ENV: 'production' };

describe('subgraph errors with maskErrors (production)', () => {
  it('keep only the message and the code (and the serviceName the hub adds); the original is logged with the request id', async () => {
    const logs = captureLogs();
    const production = await hub({}, PRODUCTION, logs);
    const result = await postGraphQL(`${production.url}/graphql`, { query: '{ products { upc } }' });

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: { products: null },
      errors: [
        {
          message: 'Products are unavailable',
          path: ['products'],
          extensions: { code: 'DATABASE_ERROR', serviceName: 'inventory' },
        },
      ],
    });
    const requestId = result.headers.get('x-request-id');
    const logged = logs.lines.find(
      (line) => line['msg'] === 'subgraph error details withheld from the client',
    );
    expect(logged).toMatchObject({ subgraph: 'inventory', requestId });
    expect(JSON.stringify(logged)).toContain('SELECT * FROM products WHERE tenant = 7');
    expect(JSON.stringify(logged)).toContain('/srv/app/db.js:42:11');
  });

  it.each(['rejected', 'locked'])(
    'also for a subgraph answering 4xx: no URL, no body, no stack trace (%s)',
    async (field) => {
      const production = await hub({}, PRODUCTION);
      const result = await postGraphQL(`${production.url}/graphql`, { query: `{ ${field} }` });
      const text = JSON.stringify(result.body);
      expect(result.body.errors).toHaveLength(1);
      expect(result.body.errors?.[0]?.extensions).not.toHaveProperty('response');
      expect(text).not.toContain(subgraph.url);
      expect(text).not.toContain('pg-primary-7');
      expect(text).not.toContain('db.js');
    },
  );

  it('keep the extensions listed in subgraphs.errors.allowExtensions', async () => {
    const production = await hub({ subgraphs: { errors: { allowExtensions: ['host'] } } }, PRODUCTION);
    const result = await postGraphQL(`${production.url}/graphql`, { query: '{ products { upc } }' });
    expect(result.body.errors?.[0]?.extensions).toEqual({
      code: 'DATABASE_ERROR',
      host: 'pg-primary-7.internal.example',
      serviceName: 'inventory',
    });
  });

  it('pass through verbatim for a subgraph configured so (subgraphs.overrides.<name>.errors.mode)', async () => {
    const production = await hub(
      { subgraphs: { overrides: { inventory: { errors: { mode: 'passthrough' } } } } },
      PRODUCTION,
    );
    const result = await postGraphQL(`${production.url}/graphql`, { query: '{ products { upc } }' });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ sql: VERBOSE_EXTENSIONS.sql });
  });
});

describe('subgraph errors without maskErrors (development)', () => {
  it('pass through verbatim by default, to help the developer', async () => {
    const development = await hub({}, {});
    const result = await postGraphQL(`${development.url}/graphql`, { query: '{ products { upc } }' });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'DATABASE_ERROR',
      sql: VERBOSE_EXTENSIONS.sql,
      host: VERBOSE_EXTENSIONS.host,
    });
  });
});
