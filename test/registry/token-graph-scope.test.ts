// Tokens scoped to graphs: a publisher or reader token with `graphs` acts only within them. Tokens without
// `graphs` keep their reach (every graph).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  uniqueGraphName,
  USERS_SDL,
  USERS_SDL_V2,
  type TestRegistry,
} from '../helpers/registry.js';

interface TokenInfo {
  id: string;
  role: string;
  subgraphs: string[] | null;
  graphs: string[] | null;
}

describeOnDatabases('token graph scope', (storage) => {
  let t: TestRegistry;
  let mine: string;
  let other: string;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
    mine = uniqueGraphName('mine');
    other = uniqueGraphName('other');
    for (const graph of [mine, other]) {
      expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
      expect((await publish(graph, 'current', 'users', USERS_SDL_V2, t.adminToken)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const publish = (graph: string, variant: string, name: string, sdl: string, token: string) =>
    t.call('POST', `/v1/graphs/${graph}/variants/${variant}/subgraphs/${name}`, {
      token,
      body: { sdl, routingUrl: `http://${name}/graphql` },
    });
  async function token(body: Record<string, unknown>): Promise<{ secret: string; token: TokenInfo }> {
    const answer = await t.call('POST', '/v1/tokens', { body: { name: 'scoped', ...body } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as unknown as { secret: string; token: TokenInfo };
  }

  it('lets a publisher token with graphs publish only within them, and create variants only there', async () => {
    const { secret, token: info } = await token({ role: 'publisher', graphs: [mine] });
    expect(info).toMatchObject({ role: 'publisher', graphs: [mine], subgraphs: null });
    expect(await publish(mine, 'current', 'products', PRODUCTS_SDL, secret)).toMatchObject({ status: 201 });

    const elsewhere = await publish(other, 'current', 'products', PRODUCTS_SDL, secret);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({ code: 'FORBIDDEN', role: 'publisher' });
    expect(elsewhere.body.message).toBe(
      `A publisher token may not publish or delete subgraph "products" in graph "${other}" (the token is limited to graphs: ${mine})`,
    );
    const newVariant = await publish(other, 'sneaky', 'products', PRODUCTS_SDL, secret);
    expect(newVariant.status).toBe(403);
    const deleted = await t.call('DELETE', `/v1/graphs/${other}/variants/current/subgraphs/users`, {
      token: secret,
      body: { force: true, reason: 'x' },
    });
    expect(deleted.status).toBe(403);
    const owner = await t.call('PUT', `/v1/graphs/${other}/variants/current/subgraphs/users/owner`, {
      token: secret,
      body: { contact: '#x' },
    });
    expect(owner.status).toBe(403);
    const graphs = (await t.call('GET', '/v1/graphs')).body.graphs as { name: string; variants: string[] }[];
    expect(graphs.find((g) => g.name === other)?.variants).toEqual(['current']);
    expect(
      (await t.call('GET', `/v1/graphs/${other}/variants/current/subgraphs`)).body.subgraphs,
    ).toHaveLength(1);
  });

  it('combines graphs with subgraphs: both must allow the write', async () => {
    const { secret } = await token({ role: 'publisher', graphs: [mine], subgraphs: ['users'] });
    expect(
      await publish(
        mine,
        'current',
        'users',
        USERS_SDL_V2.replace('email: String', 'email: String phone: String'),
        secret,
      ),
    ).toMatchObject({
      status: 201,
    });
    expect((await publish(mine, 'current', 'reviews', USERS_SDL, secret)).status).toBe(403);
    expect((await publish(other, 'current', 'users', USERS_SDL_V2, secret)).status).toBe(403);
  });

  it('limits a reader token with graphs to reading them; GET /v1/graphs lists only those', async () => {
    const { secret } = await token({ role: 'reader', graphs: [mine] });
    const read = (graph: string, path: string) =>
      t.call('GET', `/v1/graphs/${graph}/variants/current${path}`, { token: secret });
    for (const path of [
      '/subgraphs',
      '/subgraphs/users',
      '/supergraph',
      '/history',
      '/changelog',
      '/audit',
      '/checks',
    ]) {
      expect((await read(mine, path)).status, path).toBe(200);
      const denied = await read(other, path);
      expect(denied.status, path).toBe(403);
      expect(denied.body.message).toBe(
        `A reader token may not read graph "${other}" (the token is limited to graphs: ${mine})`,
      );
    }
    expect((await read(other, '/supergraph/versions/1')).status).toBe(403);
    expect((await t.call('GET', `/v1/graphs/${other}/lint-config`, { token: secret })).status).toBe(403);
    expect((await t.call('GET', `/v1/graphs/${mine}/lint-config`, { token: secret })).status).toBe(200);
    const listed = (await t.call('GET', '/v1/graphs', { token: secret })).body.graphs as { name: string }[];
    expect(listed.map((g) => g.name)).toEqual([mine]);

    // Checks: running one, listing them and showing one by id.
    const checkBody = { subgraph: 'users', sdl: USERS_SDL };
    const inOther = await t.call('POST', `/v1/graphs/${other}/variants/current/checks`, { body: checkBody });
    const otherCheckId = (inOther.body.check as { id: string }).id;
    expect(
      (
        await t.call('POST', `/v1/graphs/${other}/variants/current/checks`, {
          token: secret,
          body: checkBody,
        })
      ).status,
    ).toBe(403);
    expect((await t.call('GET', `/v1/checks/${otherCheckId}`, { token: secret })).status).toBe(403);
    const inMine = await t.call('POST', `/v1/graphs/${mine}/variants/current/checks`, {
      token: secret,
      body: checkBody,
    });
    expect(inMine.status).toBe(201);
    const mineCheckId = (inMine.body.check as { id: string }).id;
    expect((await t.call('GET', `/v1/checks/${mineCheckId}`, { token: secret })).status).toBe(200);
  });

  it('lets an owner token approve checks only in its graphs', async () => {
    const owned = uniqueGraphName('owned');
    await t.call('POST', '/v1/graphs', { body: { name: owned } });
    const alpha = await token({ role: 'publisher', team: 'alpha', graphs: [owned] });
    const elsewhere = await token({ role: 'publisher', team: 'alpha', graphs: [mine] });
    expect((await publish(owned, 'current', 'users', USERS_SDL_V2, alpha.secret)).status).toBe(201);
    const refused = await publish(owned, 'current', 'users', USERS_SDL, alpha.secret);
    expect(refused.status).toBe(409);
    const checkId = refused.body.checkId as string;
    const denied = await t.call('POST', `/v1/checks/${checkId}/approve`, {
      token: elsewhere.secret,
      body: {},
    });
    expect(denied).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const approved = await t.call('POST', `/v1/checks/${checkId}/approve`, { token: alpha.secret, body: {} });
    expect(approved.status).toBe(200);
  });

  it('keeps the reach of tokens without graphs: every graph', async () => {
    const { secret, token: info } = await token({ role: 'publisher' });
    expect(info.graphs).toBeNull();
    expect((await publish(other, 'current', 'products', PRODUCTS_SDL, secret)).status).toBe(201);
    const listed = await t.call('GET', '/v1/tokens');
    expect((listed.body.tokens as TokenInfo[]).find((entry) => entry.id === info.id)?.graphs).toBeNull();
  });

  it('validates graphs: names, not empty, and not on admin tokens', async () => {
    const admin = await t.call('POST', '/v1/tokens', { body: { name: 'x', role: 'admin', graphs: [mine] } });
    expect(admin).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT', issues: [{ path: 'graphs' }] },
    });
    const empty = await t.call('POST', '/v1/tokens', { body: { name: 'x', role: 'reader', graphs: [] } });
    expect(empty).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    const badName = await t.call('POST', '/v1/tokens', {
      body: { name: 'x', role: 'reader', graphs: ['no good'] },
    });
    expect(badName).toMatchObject({ status: 400, body: { code: 'INVALID_NAME' } });
  });
});
