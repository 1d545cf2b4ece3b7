import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  REVIEWS_SDL,
  uniqueGraphName,
  USERS_SDL,
  USERS_SDL_V2,
  type TestRegistry,
} from '../helpers/registry.js';

describeOnDatabases('supergraph, history and delete', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  async function graphWith(subgraphs: [string, string][]): Promise<string> {
    const graph = uniqueGraphName();
    await t.call('POST', '/v1/graphs', { body: { name: graph } });
    for (const [name, sdl] of subgraphs) {
      const answer = await t.call('POST', `/v1/graphs/${graph}/variants/current/subgraphs/${name}`, {
        body: { sdl, routingUrl: `http://${name}/graphql` },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    return graph;
  }

  it('serves the current supergraph with an ETag and answers 304 to a matching If-None-Match', async () => {
    const graph = await graphWith([['users', USERS_SDL]]);
    const url = `/v1/graphs/${graph}/variants/current/supergraph`;
    const first = await t.call('GET', url);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe(`"${first.body.hash as string}"`);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.body).toMatchObject({ version: 1, change: { action: 'publish', subgraph: 'users' } });
    expect(first.body.supergraphSdl).toContain('join__Graph');

    const etag = first.headers.etag as string;
    const cached = await t.registry.app.inject({
      url,
      headers: { authorization: `Bearer ${t.adminToken}`, 'if-none-match': etag },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    expect(cached.headers.etag).toBe(etag);

    await t.call('POST', `/v1/graphs/${graph}/variants/current/subgraphs/users`, {
      body: { sdl: USERS_SDL_V2, routingUrl: 'http://users/graphql' },
    });
    const changed = await t.call('GET', url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers 404 SUPERGRAPH_NOT_FOUND for a variant with nothing composed yet', async () => {
    const graph = await graphWith([]);
    expect(await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`)).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_VARIANT', variants: [] },
    });
    await t.call('POST', `/v1/graphs/${graph}/variants`, { body: { name: 'current' } });
    const answer = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`);
    expect(answer).toMatchObject({ status: 404, body: { code: 'SUPERGRAPH_NOT_FOUND' } });
    const history = await t.call('GET', `/v1/graphs/${graph}/variants/current/history`);
    expect(history).toMatchObject({ status: 200, body: { versions: [] } });
  });

  it('lists history newest first and serves every version', async () => {
    const graph = await graphWith([
      ['users', USERS_SDL],
      ['products', PRODUCTS_SDL],
      ['reviews', REVIEWS_SDL],
    ]);
    const history = await t.call('GET', `/v1/graphs/${graph}/variants/current/history`);
    const versions = history.body.versions as {
      version: number;
      hash: string;
      change: { subgraph: string };
    }[];
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions.map((v) => v.change.subgraph)).toEqual(['reviews', 'products', 'users']);
    expect(versions[0]).not.toHaveProperty('supergraphSdl');

    const second = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph/versions/2`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ version: 2, hash: versions[1]?.hash });
    expect((second.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['products', 'users']);
    expect(second.body.supergraphSdl).toContain('PRODUCTS');
    expect(second.body.supergraphSdl).not.toContain('REVIEWS');

    const missing = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph/versions/9`);
    expect(missing).toMatchObject({ status: 404, body: { code: 'VERSION_NOT_FOUND' } });
  });

  it('recomposes on delete, refuses a delete the rest cannot compose, and leaves no supergraph after the last', async () => {
    const graph = await graphWith([
      ['users', USERS_SDL],
      ['products', PRODUCTS_SDL],
      ['reviews', REVIEWS_SDL],
    ]);
    const base = `/v1/graphs/${graph}/variants/current/subgraphs`;
    // Every delete here removes client-facing fields: forced (the gate is tested in schema-checks-api).
    const force = { body: { force: true, reason: 'decommissioned' } };
    const deleted = await t.call('DELETE', `${base}/reviews`, force);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({
      status: 'deleted',
      version: { version: 4, change: { action: 'delete', subgraph: 'reviews' } },
    });
    const deletedVersion = deleted.body.version as { subgraphs: { name: string }[] };
    expect(deletedVersion.subgraphs.map((s) => s.name)).toEqual(['products', 'users']);
    expect(await t.call('DELETE', `${base}/reviews`, force)).toMatchObject({
      status: 404,
      body: { code: 'SUBGRAPH_NOT_FOUND' },
    });

    expect((await t.call('DELETE', `${base}/products`, force)).body).toMatchObject({
      version: { version: 5 },
    });
    const last = await t.call('DELETE', `${base}/users`, force);
    expect(last).toMatchObject({ status: 200, body: { status: 'deleted', version: null } });
    const none = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`);
    expect(none).toMatchObject({ status: 404, body: { code: 'SUPERGRAPH_NOT_FOUND' } });
    expect(await t.call('GET', base)).toMatchObject({ body: { subgraphs: [] } });

    // Publishing again continues the numbering.
    const again = await t.call('POST', `${base}/users`, {
      body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
    });
    expect(again.body).toMatchObject({ status: 'published', created: true, version: { version: 6 } });
  });

  it('refuses a delete when the remaining subgraphs do not compose, and changes nothing', async () => {
    // Only `users` defines a Query root; without it, reviews' types compose into a schema with no Query.
    const graph = await graphWith([
      ['users', USERS_SDL],
      ['reviews', REVIEWS_SDL],
    ]);
    const base = `/v1/graphs/${graph}/variants/current/subgraphs`;
    const refused = await t.call('DELETE', `${base}/users`, { body: { force: true, reason: 'try' } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.code).toBe('COMPOSITION_FAILED');
    expect((refused.body.errors as unknown[]).length).toBeGreaterThan(0);
    const subgraphs = await t.call('GET', base);
    expect((subgraphs.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['reviews', 'users']);
    const current = await t.call('GET', `/v1/graphs/${graph}/variants/current/supergraph`);
    expect(current.body.version).toBe(2);
  });
});
