import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../registry/server.js';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  uniqueGraphName,
  USERS_SDL,
  type TestRegistry,
} from '../helpers/registry.js';

describeOnDatabases('authentication and authorization', (storage) => {
  let t: TestRegistry;
  let graph: string;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
    graph = uniqueGraphName();
    await t.call('POST', '/v1/graphs', { body: { name: graph } });
  });
  afterAll(async () => {
    await t.close();
  });

  const publish = (name: string, token: string | null, sdl = USERS_SDL) =>
    t.call('POST', `/v1/graphs/${graph}/variants/current/subgraphs/${name}`, {
      token,
      body: { sdl, routingUrl: `http://${name}/graphql` },
    });

  it('answers 401 for a missing, malformed or unknown token', async () => {
    expect(await t.call('GET', '/v1/graphs', { token: null })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
    const malformed = await t.call('GET', '/v1/graphs', {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await t.call('GET', '/v1/graphs', { token: 'atr_unknown' })).toMatchObject({ status: 401 });
    expect(await publish('users', null)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('lets a reader read but not publish, create graphs or manage tokens', async () => {
    const reader = await t.token('reader');
    expect((await t.call('GET', '/v1/graphs', { token: reader })).status).toBe(200);
    expect(await publish('users', reader)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', role: 'reader' },
    });
    const graphAttempt = await t.call('POST', '/v1/graphs', { token: reader, body: { name: 'other' } });
    expect(graphAttempt).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await t.call('GET', '/v1/tokens', { token: reader })).toMatchObject({ status: 403 });
  });

  it('limits a publisher to the subgraphs named on its token', async () => {
    const limited = await t.token('publisher', ['users']);
    expect(await publish('users', limited)).toMatchObject({ status: 201, body: { status: 'published' } });
    expect(await publish('products', limited, PRODUCTS_SDL)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', role: 'publisher' },
    });
    const deleteOther = await t.call('DELETE', `/v1/graphs/${graph}/variants/current/subgraphs/products`, {
      token: limited,
    });
    expect(deleteOther).toMatchObject({ status: 403 });
    const history = await t.call('GET', `/v1/graphs/${graph}/variants/current/history`, { token: limited });
    expect(history.status).toBe(200);
    expect((history.body.versions as { publishedBy: string }[])[0]?.publishedBy).toBe('publisher-2');

    const unlimited = await t.token('publisher');
    expect(await publish('products', unlimited, PRODUCTS_SDL)).toMatchObject({ status: 201 });
    const graphAttempt = await t.call('POST', '/v1/graphs', { token: unlimited, body: { name: 'other' } });
    expect(graphAttempt).toMatchObject({ status: 403 });
  });

  it('lets an admin read, publish and manage tokens; revoked tokens stop working', async () => {
    expect((await t.call('GET', `/v1/graphs/${graph}/variants/current/subgraphs`)).status).toBe(200);
    const created = await t.call('POST', '/v1/tokens', {
      body: { name: 'ci', role: 'publisher', subgraphs: ['users', 'products'] },
    });
    expect(created.status).toBe(201);
    const token = created.body.token as { id: string; revokedAt: string | null };
    expect(created.body.token).toMatchObject({
      name: 'ci',
      role: 'publisher',
      subgraphs: ['users', 'products'],
    });
    expect(created.body.secret).toMatch(/^atr_[A-Za-z0-9_-]{43}$/);
    expect(token.revokedAt).toBeNull();

    const list = await t.call('GET', '/v1/tokens');
    const listed = list.body.tokens as Record<string, unknown>[];
    expect(listed.map((entry) => entry.id)).toContain(token.id);
    expect(JSON.stringify(listed)).not.toContain(created.body.secret as string);
    expect(listed.every((entry) => !('tokenHash' in entry) && !('secret' in entry))).toBe(true);

    const secret = created.body.secret as string;
    expect((await t.call('GET', '/v1/graphs', { token: secret })).status).toBe(200);
    const revoked = await t.call('DELETE', `/v1/tokens/${token.id}`);
    expect(revoked).toMatchObject({
      status: 200,
      body: { token: { id: token.id, revokedAt: expect.any(String) as string } },
    });
    expect(await t.call('GET', '/v1/graphs', { token: secret })).toMatchObject({ status: 401 });
    expect(await t.call('DELETE', '/v1/tokens/no-such-id')).toMatchObject({
      status: 404,
      body: { code: 'TOKEN_NOT_FOUND' },
    });
  });

  it('validates token input', async () => {
    const badRole = await t.call('POST', '/v1/tokens', { body: { name: 'x', role: 'root' } });
    expect(badRole).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT', issues: [{ path: 'role' }] },
    });
    const readerWithSubgraphs = await t.call('POST', '/v1/tokens', {
      body: { name: 'x', role: 'reader', subgraphs: ['users'] },
    });
    expect(readerWithSubgraphs).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    const badSubgraph = await t.call('POST', '/v1/tokens', {
      body: { name: 'x', role: 'publisher', subgraphs: ['no good'] },
    });
    expect(badSubgraph).toMatchObject({ status: 400, body: { code: 'INVALID_NAME' } });
  });
});

describeOnDatabases('admin token bootstrap', (storage) => {
  it('creates one initial admin on first start, none afterwards, and honours ATRIUM_ADMIN_TOKEN', async () => {
    // PGlite in memory cannot be shared between two registries, so this test needs PostgreSQL.
    if (storage.kind === 'pglite') {
      const registry = await createRegistry({
        ...storage.options(),
        logger: false,
        adminToken: 'atr_fixed-admin-token-0001',
      });
      expect(registry.initialAdminToken).toBeNull();
      const answer = await registry.app.inject({
        url: '/v1/tokens',
        headers: { authorization: 'Bearer atr_fixed-admin-token-0001' },
      });
      expect(answer.statusCode).toBe(200);
      await registry.close();
      return;
    }
    const first = await createRegistry({ ...storage.options(), logger: false });
    expect(first.initialAdminToken).toMatch(/^atr_/);
    await first.close();
    const second = await createRegistry({ ...storage.options(), logger: false });
    expect(second.initialAdminToken).toBeNull();
    await second.close();
    const third = await createRegistry({
      ...storage.options(),
      logger: false,
      adminToken: 'atr_fixed-admin-token-0001',
    });
    expect(third.initialAdminToken).toBeNull();
    const answer = await third.app.inject({
      url: '/v1/tokens',
      headers: { authorization: 'Bearer atr_fixed-admin-token-0001' },
    });
    expect(answer.statusCode).toBe(200);
    await third.close();
  });
});

describe('registry options', () => {
  it('rejects an invalid database URL before opening anything', async () => {
    await expect(createRegistry({ databaseUrl: 'mysql://x', logger: false })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });
});
