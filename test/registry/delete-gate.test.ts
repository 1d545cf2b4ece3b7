// Deletes are gated on their schema check like publishes: blocked, approved, forced, and audited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  uniqueGraphName,
  USERS_SDL_V2,
  type TestRegistry,
} from '../helpers/registry.js';

/** Contributes only an `@inaccessible` field: removing it changes nothing clients see. */
const INTERNAL_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@inaccessible"])
type Query { internalPing: String @inaccessible }
`;

interface Report {
  passed: boolean;
  changes: { code: string; coordinate: string }[];
}

describeOnDatabases('delete gate', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  const variantUrl = (graph: string) => `/v1/graphs/${graph}/variants/current`;
  const remove = (graph: string, name: string, body?: Record<string, unknown>, token?: string) =>
    t.call('DELETE', `${variantUrl(graph)}/subgraphs/${name}`, {
      ...(body ? { body } : {}),
      ...(token ? { token } : {}),
    });
  const auditActions = async (graph: string) =>
    ((await t.call('GET', `${variantUrl(graph)}/audit`)).body.entries as { action: string }[]).map(
      (entry) => entry.action,
    );

  async function graphWith(subgraphs: [string, string][], token?: string): Promise<string> {
    const graph = uniqueGraphName('del');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    for (const [name, sdl] of subgraphs) {
      const published = await t.call('POST', `${variantUrl(graph)}/subgraphs/${name}`, {
        body: { sdl, routingUrl: `http://${name}/graphql` },
        ...(token ? { token } : {}),
      });
      expect(published.status, JSON.stringify(published.body)).toBe(201);
    }
    return graph;
  }

  it('refuses a breaking delete with 409 BREAKING_CHANGES, changes nothing, and keeps the check', async () => {
    const graph = await graphWith([
      ['users', USERS_SDL_V2],
      ['products', PRODUCTS_SDL],
    ]);
    const refused = await remove(graph, 'products');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('BREAKING_CHANGES');
    expect((refused.body.report as Report).changes).toContainEqual(
      expect.objectContaining({ code: 'TYPE_REMOVED', coordinate: 'Product' }),
    );
    const subgraphs = await t.call('GET', `${variantUrl(graph)}/subgraphs`);
    expect((subgraphs.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual([
      'products',
      'users',
    ]);
    expect((await t.call('GET', `${variantUrl(graph)}/supergraph`)).body.version).toBe(2);
    const stored = await t.call('GET', `/v1/checks/${refused.body.checkId as string}`);
    expect(stored.body.check).toMatchObject({ action: 'delete', origin: 'delete', passed: false });
    expect(await auditActions(graph)).toEqual(['delete.blocked']);
  });

  it('deletes once a --delete check is approved, and not on an approval of a publish check', async () => {
    const graph = await graphWith([
      ['users', USERS_SDL_V2],
      ['products', PRODUCTS_SDL],
    ]);
    const publishCheck = await t.call('POST', `${variantUrl(graph)}/checks`, {
      body: { subgraph: 'products', sdl: PRODUCTS_SDL.replace(' price: Int', '') },
    });
    const publishCheckId = (publishCheck.body.check as { id: string }).id;
    expect((await t.call('POST', `/v1/checks/${publishCheckId}/approve`, { body: {} })).status).toBe(200);
    expect((await remove(graph, 'products')).status).toBe(409);

    const deleteCheck = await t.call('POST', `${variantUrl(graph)}/checks`, {
      body: { subgraph: 'products', delete: true },
    });
    const checkId = (deleteCheck.body.check as { id: string }).id;
    const approved = await t.call('POST', `/v1/checks/${checkId}/approve`, {
      body: { reason: 'catalog moved to search' },
    });
    expect(approved.status).toBe(200);
    const deleted = await remove(graph, 'products');
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toMatchObject({
      status: 'deleted',
      version: { version: 3, change: { action: 'delete', subgraph: 'products' } },
      bypass: { kind: 'approved', checkId, by: 'initial-admin', reason: 'catalog moved to search' },
    });
    expect(await auditActions(graph)).toEqual([
      'delete.approved',
      'check.approved',
      'delete.blocked',
      'check.approved',
    ]);
  });

  it('forces a breaking delete only for admins and owners, with a reason, and audits it', async () => {
    const alpha = await t.call('POST', '/v1/tokens', {
      body: { name: 'alpha-del', role: 'publisher', team: 'alpha' },
    });
    const beta = await t.call('POST', '/v1/tokens', {
      body: { name: 'beta-del', role: 'publisher', team: 'beta' },
    });
    const alphaToken = alpha.body.secret as string;
    const graph = await graphWith([['users', USERS_SDL_V2]]);
    await t.call('POST', `${variantUrl(graph)}/subgraphs/products`, {
      body: { sdl: PRODUCTS_SDL, routingUrl: 'http://products/graphql' },
      token: alphaToken,
    });

    expect(await remove(graph, 'users', { force: true })).toMatchObject({
      status: 400,
      body: { code: 'REASON_REQUIRED' },
    });
    expect(await remove(graph, 'users', { force: 'yes' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' },
    });
    // `users` has no owner team: only an admin may force, not a publisher of some team.
    expect(await remove(graph, 'users', { force: true, reason: 'x' }, alphaToken)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    const beta403 = await remove(graph, 'products', { force: true, reason: 'x' }, beta.body.secret as string);
    expect(beta403).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const owned = await remove(graph, 'products', { force: true, reason: 'alpha retires it' }, alphaToken);
    expect(owned.status, JSON.stringify(owned.body)).toBe(200);
    expect(owned.body.bypass).toMatchObject({ kind: 'forced', by: 'alpha-del', reason: 'alpha retires it' });
    const last = await remove(graph, 'users', { force: true, reason: 'graph retired' });
    expect(last).toMatchObject({ status: 200, body: { version: null, bypass: { kind: 'forced' } } });
    const audit = await t.call('GET', `${variantUrl(graph)}/audit`);
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: 'delete.forced', actor: 'initial-admin', reason: 'graph retired' }),
    );
  });

  it('deletes without approval when no client-facing field goes away', async () => {
    const graph = await graphWith([
      ['users', USERS_SDL_V2],
      ['internal', INTERNAL_SDL],
    ]);
    const deleted = await remove(graph, 'internal');
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toMatchObject({ status: 'deleted', version: { version: 3 }, bypass: null });
    const check = await t.call('GET', `/v1/checks/${deleted.body.checkId as string}`);
    expect(check.body.check).toMatchObject({ action: 'delete', origin: 'delete', passed: true });
    expect(await auditActions(graph)).toEqual([]);
  });
});
