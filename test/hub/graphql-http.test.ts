import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import {
  getGraphQL,
  postGraphQL,
  silentLogger,
  startTestGraph,
  tempDir,
  testHubConfig,
  type TestGraph,
} from '../helpers/hub.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

let graph: TestGraph;
let hub: RunningHub;
let dir: Awaited<ReturnType<typeof tempDir>>;
let endpoint: string;

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  const file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, graph.supergraphSdl);
  hub = await startHub(testHubConfig({ supergraph: { file }, server: { bodyLimitBytes: 64 * 1024 } }), {
    logger: silentLogger(),
  });
  endpoint = `${hub.url}/graphql`;
});

afterAll(async () => {
  await hub?.close();
  await graph?.close();
  await dir?.remove();
});

describe('GraphQL over HTTP', () => {
  it('answers a POST query across two subgraphs', async () => {
    const result = await postGraphQL(endpoint, { query: '{ products { upc name reviews { body } } }' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: {
        products: [
          { upc: '1', name: 'Table', reviews: [{ body: 'Nice 1' }] },
          { upc: '2', name: 'Chair', reviews: [{ body: 'Nice 2' }] },
        ],
      },
    });
  });

  it('answers a GET query that carries a preflight-forcing header', async () => {
    const result = await getGraphQL(
      endpoint,
      { query: '{ products { upc } }' },
      { 'apollo-require-preflight': 'true' },
    );
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ products: [{ upc: '1' }, { upc: '2' }] });
  });

  it('runs mutations over POST but refuses them over GET', async () => {
    const mutation = 'mutation { rename(upc: "1", name: "Desk") { name } }';
    expect((await postGraphQL(endpoint, { query: mutation })).body.data).toEqual({
      rename: { name: 'Desk' },
    });
    const overGet = await getGraphQL(endpoint, { query: mutation }, { 'apollo-require-preflight': 'true' });
    expect(overGet.status).toBe(405);
  });

  it('blocks requests a browser could send cross-site without a preflight (CSRF prevention)', async () => {
    const simpleGet = await getGraphQL(endpoint, { query: '{ products { upc } }' });
    expect(simpleGet.status).toBe(400);
    expect(simpleGet.body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);

    const simplePost = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ products { upc } }' }),
    });
    expect(simplePost.status).toBe(400);
    expect(await simplePost.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const query = `{ products { upc } } # ${'x'.repeat(5 * 1024 * 1024)}`;
    const result = await postGraphQL(endpoint, { query });
    expect(result.status).toBe(413);
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON with 400 BAD_REQUEST', async () => {
    const result = await postGraphQL(endpoint, '{"query": "{ products { upc } }"');
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
  });

  it('serves /health and /ready', async () => {
    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${hub.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', supergraph: { hash: hub.current()?.hash } });
    expect((await fetch(`${hub.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${hub.url}/health`, { method: 'POST' })).status).toBe(405);
  });
});
