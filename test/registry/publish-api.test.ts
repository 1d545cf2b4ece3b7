import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  CONFLICTING_USERS_SDL,
  createTestRegistry,
  PRODUCTS_SDL,
  REVIEWS_SDL,
  uniqueGraphName,
  USERS_SDL,
  USERS_SDL_V2,
  type TestRegistry,
} from '../helpers/registry.js';

describeOnDatabases('publishing subgraphs', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  async function newGraph(): Promise<string> {
    const name = uniqueGraphName();
    const answer = await t.call('POST', '/v1/graphs', { body: { name } });
    expect(answer.status).toBe(201);
    return name;
  }

  const subgraphUrl = (graph: string, name: string, variant = 'current') =>
    `/v1/graphs/${graph}/variants/${variant}/subgraphs/${name}`;

  it('answers health without a token', async () => {
    const answer = await t.call('GET', '/health', { token: null });
    expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('creates graphs once', async () => {
    const name = uniqueGraphName();
    const created = await t.call('POST', '/v1/graphs', { body: { name } });
    expect(created.status).toBe(201);
    expect(created.body.graph).toEqual({ name, createdAt: expect.any(String) as string });
    const again = await t.call('POST', '/v1/graphs', { body: { name } });
    expect(again).toMatchObject({ status: 409, body: { code: 'GRAPH_EXISTS' } });
  });

  it('publishes versions 1, 2, 3 with hashes and lists the subgraphs and graphs', async () => {
    const graph = await newGraph();
    const first = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: { sdl: USERS_SDL, routingUrl: 'http://users:4001/graphql' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'published', created: true, version: { version: 1 } });
    const second = await t.call('POST', subgraphUrl(graph, 'products'), {
      body: { sdl: PRODUCTS_SDL, routingUrl: 'http://products:4002/graphql' },
    });
    const third = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: { sdl: USERS_SDL_V2, routingUrl: 'http://users:4001/graphql' },
    });
    expect(second.body).toMatchObject({ status: 'published', created: true, version: { version: 2 } });
    expect(third.body).toMatchObject({ status: 'published', created: false, version: { version: 3 } });
    const version = third.body.version as Record<string, unknown>;
    expect(version.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(version.change).toEqual({ action: 'publish', subgraph: 'users' });
    expect(version.publishedBy).toBe('initial-admin');
    expect((version.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['products', 'users']);

    const list = await t.call('GET', `/v1/graphs/${graph}/variants/current/subgraphs`);
    expect(list.status).toBe(200);
    expect(list.body.subgraphs).toEqual([
      expect.objectContaining({ name: 'products', routingUrl: 'http://products:4002/graphql' }),
      expect.objectContaining({ name: 'users', publishedBy: 'initial-admin' }),
    ]);
    const one = await t.call('GET', subgraphUrl(graph, 'users'));
    expect(one.body.subgraph).toMatchObject({ name: 'users', sdl: USERS_SDL_V2 });

    const graphs = await t.call('GET', '/v1/graphs');
    expect(graphs.body.graphs).toContainEqual({
      name: graph,
      createdAt: expect.any(String) as string,
      variants: ['current'],
    });
  });

  it('answers unchanged for an identical publish and stores no new version', async () => {
    const graph = await newGraph();
    const body = { sdl: USERS_SDL, routingUrl: 'http://users/graphql' };
    const first = await t.call('POST', subgraphUrl(graph, 'users'), { body });
    const again = await t.call('POST', subgraphUrl(graph, 'users'), { body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'unchanged', version: first.body.version });
    const history = await t.call('GET', `/v1/graphs/${graph}/variants/current/history`);
    expect(history.body.versions).toHaveLength(1);
    // A new routing URL alone is a change.
    const moved = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: { ...body, routingUrl: 'http://u2/graphql' },
    });
    expect(moved.body).toMatchObject({ status: 'published', version: { version: 2 } });
  });

  it('rejects a publish that does not compose with 422, naming subgraphs and locations, and stores nothing', async () => {
    const graph = await newGraph();
    await t.call('POST', subgraphUrl(graph, 'users'), {
      body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
    });
    const before = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`);

    const rejected = await t.call('POST', subgraphUrl(graph, 'accounts'), {
      body: { sdl: CONFLICTING_USERS_SDL, routingUrl: 'http://accounts/graphql' },
    });
    expect(rejected.status).toBe(422);
    expect(rejected.body.code).toBe('COMPOSITION_FAILED');
    const errors = rejected.body.errors as { code: string; message: string; locations: unknown[] }[];
    const mismatch = errors.find((error) => error.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch?.message).toContain('User.name');
    expect(mismatch?.locations).toEqual(
      expect.arrayContaining([
        { subgraph: 'users', line: 3, column: expect.any(Number) as number },
        { subgraph: 'accounts', line: 3, column: expect.any(Number) as number },
      ]),
    );

    const subgraphs = await t.call('GET', `/v1/graphs/${graph}/variants/current/subgraphs`);
    expect((subgraphs.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['users']);
    const history = await t.call('GET', `/v1/graphs/${graph}/variants/current/history`);
    expect(history.body.versions).toHaveLength(1);
    const after = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`);
    expect(after.body).toEqual(before.body);
    const missing = await t.call('GET', subgraphUrl(graph, 'accounts'));
    expect(missing).toMatchObject({ status: 404, body: { code: 'SUBGRAPH_NOT_FOUND' } });
  });

  it('rejects malformed SDL with 400 INVALID_SDL and its line and column', async () => {
    const graph = await newGraph();
    const answer = await t.call('POST', subgraphUrl(graph, 'broken'), {
      body: { sdl: 'type Query {\n  me: User\n  oops(\n}', routingUrl: 'http://broken/graphql' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'INVALID_SDL',
      subgraph: 'broken',
      locations: [{ line: 4, column: 1 }],
    });
  });

  it('rejects publishing to an unknown graph with 400 UNKNOWN_GRAPH', async () => {
    const answer = await t.call('POST', subgraphUrl('nosuchgraph', 'users'), {
      body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'UNKNOWN_GRAPH', graph: 'nosuchgraph' } });
    const read = await t.call('GET', '/v1/graphs/nosuchgraph/variants/current/subgraphs');
    expect(read).toMatchObject({ status: 400, body: { code: 'UNKNOWN_GRAPH' } });
  });

  it('rejects invalid names, routing URLs and bodies with 400', async () => {
    const graph = await newGraph();
    const body = { sdl: USERS_SDL, routingUrl: 'http://users/graphql' };
    const badSubgraph = await t.call('POST', subgraphUrl(graph, '9users'), { body });
    expect(badSubgraph).toMatchObject({
      status: 400,
      body: { code: 'INVALID_NAME', issues: [{ path: 'name' }] },
    });
    const badVariant = await t.call('POST', subgraphUrl(graph, 'users', 'pr%20one'), { body });
    expect(badVariant).toMatchObject({ status: 400, body: { code: 'INVALID_NAME' } });
    const badGraph = await t.call('POST', '/v1/graphs', { body: { name: 'x'.repeat(65) } });
    expect(badGraph).toMatchObject({ status: 400, body: { code: 'INVALID_NAME' } });

    for (const routingUrl of ['users:4001', 'ftp://users/graphql', '/graphql', 'not a url']) {
      const answer = await t.call('POST', subgraphUrl(graph, 'users'), {
        body: { sdl: USERS_SDL, routingUrl },
      });
      expect(answer, routingUrl).toMatchObject({ status: 400, body: { code: 'INVALID_ROUTING_URL' } });
    }

    const missingSdl = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: { routingUrl: 'http://u/graphql' },
    });
    expect(missingSdl).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT', issues: [{ path: 'sdl' }] },
    });
    const badJson = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: '{"sdl": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    const badType = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: 'x',
      headers: { 'content-type': 'application/xml' },
    });
    expect(badType).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    const badVersion = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph/versions/abc`);
    expect(badVersion).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
  });

  it('rejects bodies over 5 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const graph = await newGraph();
    const sdl = `${USERS_SDL}\n# ${'x'.repeat(5 * 1024 * 1024)}`;
    const answer = await t.call('POST', subgraphUrl(graph, 'users'), {
      body: { sdl, routingUrl: 'http://u/graphql' },
    });
    expect(answer).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', limit: 5 * 1024 * 1024 },
    });
  });

  it('answers unknown routes with 404 NOT_FOUND', async () => {
    const answer = await t.call('GET', '/v1/nothing-here');
    expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('composes three subgraphs that extend each other', async () => {
    const graph = await newGraph();
    for (const [name, sdl] of [
      ['users', USERS_SDL],
      ['products', PRODUCTS_SDL],
      ['reviews', REVIEWS_SDL],
    ] as const) {
      const answer = await t.call('POST', subgraphUrl(graph, name), {
        body: { sdl, routingUrl: `http://${name}/graphql` },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const supergraph = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`);
    expect(supergraph.body.supergraphSdl).toContain('join__Graph');
    expect(supergraph.body.version).toBe(3);
  });
});
