// Variants exist once created (explicitly, or by their first publish); every read and check of one that does not
// exist answers 404 UNKNOWN_VARIANT with the variants that do.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, USERS_SDL, type TestRegistry } from '../helpers/registry.js';

describeOnDatabases('variants', (storage) => {
  let t: TestRegistry;
  let graph: string;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
    graph = uniqueGraphName('var');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    const published = await t.call('POST', `/v1/graphs/${graph}/variants/prod/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
    });
    expect(published.body).toMatchObject({ status: 'published', created: true, variantCreated: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const typo = () => `/v1/graphs/${graph}/variants/prodd`;

  it.each([
    ['GET', '/subgraphs'],
    ['GET', '/subgraphs/users'],
    ['DELETE', '/subgraphs/users'],
    ['PUT', '/subgraphs/users/owner', { team: 'team-a' }],
    ['GET', '/supergraph'],
    ['GET', '/supergraph/versions/1'],
    ['GET', '/history'],
    ['GET', '/changelog'],
    ['GET', '/audit'],
    ['GET', '/checks'],
    ['POST', '/checks', { subgraph: 'users', sdl: USERS_SDL }],
    ['POST', '/checks', { subgraph: 'users', delete: true }],
  ] as const)('%s …%s of an unknown variant answers 404 UNKNOWN_VARIANT', async (method, path, body?) => {
    const answer = await t.call(method, `${typo()}${path}`, body ? { body } : {});
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      code: 'UNKNOWN_VARIANT',
      graph,
      variant: 'prodd',
      variants: ['prod'],
      message: `Variant "prodd" of graph "${graph}" does not exist (existing variants: prod); a variant is created by its first publish or by \`atrium graph create ${graph}@prodd\``,
    });
  });

  it('stores no check for an unknown variant', async () => {
    await t.call('POST', `${typo()}/checks`, { body: { subgraph: 'users', sdl: USERS_SDL } });
    const created = await t.call('POST', `/v1/graphs/${graph}/variants`, { body: { name: 'prodd' } });
    expect(created.status).toBe(201);
    expect(await t.call('GET', `${typo()}/checks`)).toMatchObject({ status: 200, body: { checks: [] } });
  });

  it('creates an empty variant (admin): 201, then 409 VARIANT_EXISTS; 400 UNKNOWN_GRAPH; 403 for others', async () => {
    const created = await t.call('POST', `/v1/graphs/${graph}/variants`, { body: { name: 'staging' } });
    expect(created.status).toBe(201);
    expect(created.body.variant).toMatchObject({ graph, name: 'staging' });
    expect(Date.parse((created.body.variant as { createdAt: string }).createdAt)).toBeGreaterThan(0);
    expect(await t.call('POST', `/v1/graphs/${graph}/variants`, { body: { name: 'staging' } })).toMatchObject(
      {
        status: 409,
        body: { code: 'VARIANT_EXISTS', graph, variant: 'staging' },
      },
    );
    expect(await t.call('POST', '/v1/graphs/nosuch/variants', { body: { name: 'staging' } })).toMatchObject({
      status: 400,
      body: { code: 'UNKNOWN_GRAPH', graph: 'nosuch' },
    });
    expect(
      await t.call('POST', `/v1/graphs/${graph}/variants`, { body: { name: 'bad name' } }),
    ).toMatchObject({
      status: 400,
      body: { code: 'INVALID_NAME' },
    });
    const publisher = await t.token('publisher');
    const forbidden = await t.call('POST', `/v1/graphs/${graph}/variants`, {
      token: publisher,
      body: { name: 'qa' },
    });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    // Empty but real: it reads as empty, has no supergraph yet, and a check runs against it.
    const staging = `/v1/graphs/${graph}/variants/staging`;
    expect(await t.call('GET', `${staging}/subgraphs`)).toMatchObject({
      status: 200,
      body: { subgraphs: [] },
    });
    expect(await t.call('GET', `${staging}/history`)).toMatchObject({ status: 200, body: { versions: [] } });
    expect(await t.call('GET', `${staging}/supergraph`)).toMatchObject({
      status: 404,
      body: { code: 'SUPERGRAPH_NOT_FOUND' },
    });
    const check = await t.call('POST', `${staging}/checks`, { body: { subgraph: 'users', sdl: USERS_SDL } });
    expect(check).toMatchObject({ status: 201, body: { check: { passed: true, baseVersion: null } } });
    const first = await t.call('POST', `${staging}/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
    });
    expect(first.body).toMatchObject({ status: 'published', created: true, variantCreated: false });
    const graphs = await t.call('GET', '/v1/graphs');
    expect(
      (graphs.body.graphs as { name: string; variants: string[] }[]).find((g) => g.name === graph),
    ).toMatchObject({
      variants: ['prod', 'prodd', 'staging'],
    });
  });

  it('keeps UNKNOWN_GRAPH (400) for a graph that does not exist', async () => {
    expect(await t.call('GET', '/v1/graphs/nosuch/variants/prod/subgraphs')).toMatchObject({
      status: 400,
      body: { code: 'UNKNOWN_GRAPH' },
    });
  });
});
