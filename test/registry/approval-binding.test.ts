// An approval lets exactly what was approved through: the same input, against the same base version, for the same
// subgraph (not one deleted and published again), before it expires. Forced writes and approvals are audited once,
// with who and why.
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

interface Approval {
  approvedBy: string;
  reason: string | null;
  createdAt: string;
  expiresAt: string;
}
interface Check {
  id: string;
  passed: boolean;
  baseVersion: number | null;
  subgraphIdentity: string | null;
  approval: Approval | null;
}
interface AuditEntry {
  action: string;
  actor: string;
  reason: string | null;
  checkId: string | null;
  details: Record<string, unknown>;
}

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

describeOnDatabases('approval binding and expiry', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  const variantUrl = (graph: string) => `/v1/graphs/${graph}/variants/current`;
  const publish = (registry: TestRegistry, graph: string, name: string, sdl: string) =>
    registry.call('POST', `${variantUrl(graph)}/subgraphs/${name}`, {
      body: { sdl, routingUrl: `http://${name}/graphql` },
    });
  const approve = (registry: TestRegistry, id: string, reason: string, token?: string) =>
    registry.call('POST', `/v1/checks/${id}/approve`, { body: { reason }, ...(token ? { token } : {}) });
  const audit = async (registry: TestRegistry, graph: string) =>
    (await registry.call('GET', `${variantUrl(graph)}/audit`)).body.entries as AuditEntry[];

  async function graphWithUsersAndProducts(registry: TestRegistry): Promise<string> {
    const graph = uniqueGraphName('apr');
    expect((await registry.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    expect((await publish(registry, graph, 'users', USERS_SDL_V2)).status).toBe(201);
    expect((await publish(registry, graph, 'products', PRODUCTS_SDL)).status).toBe(201);
    return graph;
  }

  it('binds an approval to the base version its check compared with', async () => {
    const graph = await graphWithUsersAndProducts(t);
    const refused = await publish(t, graph, 'users', USERS_SDL);
    expect(refused).toMatchObject({ status: 409, body: { code: 'BREAKING_CHANGES' } });
    const oldCheckId = refused.body.checkId as string;
    const approved = await approve(t, oldCheckId, 'clients moved to contact');
    expect(approved.status).toBe(200);
    const approval = (approved.body.check as Check).approval;
    expect(approval).toMatchObject({ approvedBy: 'initial-admin', reason: 'clients moved to contact' });
    expect(Date.parse(approval?.expiresAt ?? '') - Date.parse(approval?.createdAt ?? '')).toBe(SEVEN_DAYS_MS);
    expect((approved.body.check as Check).baseVersion).toBe(2);

    // Someone else publishes: the variant moves to version 3, and the approval for version 2 no longer applies.
    expect((await publish(t, graph, 'reviews', REVIEWS_SDL)).body).toMatchObject({ version: { version: 3 } });
    const stale = await publish(t, graph, 'users', USERS_SDL);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'BREAKING_CHANGES',
      ignoredApprovals: [{ checkId: oldCheckId, why: 'base-changed', baseVersion: 2, currentVersion: 3 }],
    });
    expect(stale.body.message).toContain(
      `the approval of check ${oldCheckId} does not apply: it was given against version 2, the variant is at version 3 now`,
    );
    // The stale check cannot be approved any more either; the fresh one can, and then the publish goes through.
    const again = await approve(t, oldCheckId, 'still fine');
    expect(again).toMatchObject({ status: 409, body: { code: 'CHECK_NOT_APPROVABLE' } });
    expect(again.body.reason).toBe(
      'the variant changed since this check ran (it compared with version 2, the variant is at version 3 now); run the check again',
    );
    const freshId = stale.body.checkId as string;
    expect((await approve(t, freshId, 'checked again at v3')).status).toBe(200);
    const published = await publish(t, graph, 'users', USERS_SDL);
    expect(published).toMatchObject({
      status: 201,
      body: { bypass: { kind: 'approved', checkId: freshId, reason: 'checked again at v3' } },
    });
    const entries = await audit(t, graph);
    expect(entries[0]).toMatchObject({
      action: 'publish.approved',
      actor: 'initial-admin',
      reason: 'checked again at v3',
      details: { approvedCheckId: freshId, approvedBy: 'initial-admin' },
    });
  });

  it('does not carry a delete approval over to a subgraph that was deleted and published again', async () => {
    const graph = await graphWithUsersAndProducts(t);
    const first = await t.call('GET', `${variantUrl(graph)}/subgraphs/products`);
    const firstIdentity = (first.body.subgraph as { identity: string }).identity;
    expect(firstIdentity).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await t.call('DELETE', `${variantUrl(graph)}/subgraphs/products`);
    expect(refused.status).toBe(409);
    const deleteCheck = await t.call('GET', `/v1/checks/${refused.body.checkId as string}`);
    expect((deleteCheck.body.check as Check).subgraphIdentity).toBe(firstIdentity);
    expect((await approve(t, refused.body.checkId as string, 'products retired')).status).toBe(200);
    const deleted = await t.call('DELETE', `${variantUrl(graph)}/subgraphs/products`);
    expect(deleted).toMatchObject({ status: 200, body: { bypass: { kind: 'approved' } } });

    const recreated = await publish(t, graph, 'products', PRODUCTS_SDL);
    expect(recreated.body).toMatchObject({ status: 'published', created: true });
    const second = await t.call('GET', `${variantUrl(graph)}/subgraphs/products`);
    expect((second.body.subgraph as { identity: string }).identity).not.toBe(firstIdentity);
    // Updating a subgraph keeps its identity.
    const updated = await publish(
      t,
      graph,
      'products',
      PRODUCTS_SDL.replace('price: Int', 'price: Int weight: Int'),
    );
    expect(updated.body).toMatchObject({ status: 'published', created: false });
    const third = await t.call('GET', `${variantUrl(graph)}/subgraphs/products`);
    expect((third.body.subgraph as { identity: string }).identity).toBe(
      (second.body.subgraph as { identity: string }).identity,
    );

    const again = await t.call('DELETE', `${variantUrl(graph)}/subgraphs/products`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'BREAKING_CHANGES',
      ignoredApprovals: [{ checkId: refused.body.checkId, why: 'subgraph-recreated' }],
    });
    expect((await t.call('GET', `${variantUrl(graph)}/subgraphs`)).body.subgraphs).toHaveLength(2);
  });

  it('audits a forced write as forced, with its own reason, even when an approval also covers it', async () => {
    const graph = await graphWithUsersAndProducts(t);
    const deletion = await t.call('POST', `${variantUrl(graph)}/checks`, {
      body: { subgraph: 'products', delete: true },
    });
    const checkId = (deletion.body.check as Check).id;
    expect((await approve(t, checkId, 'older approval')).status).toBe(200);
    const forced = await t.call('DELETE', `${variantUrl(graph)}/subgraphs/products`, {
      body: { force: true, reason: 'incident 7: products leaks data' },
    });
    expect(forced.status).toBe(200);
    expect(forced.body.bypass).toEqual({
      kind: 'forced',
      checkId: forced.body.checkId,
      by: 'initial-admin',
      reason: 'incident 7: products leaks data',
    });
    const entries = await audit(t, graph);
    expect(entries.map((e) => e.action)).toEqual(['delete.forced', 'check.approved']);
    expect(entries[0]).toMatchObject({
      action: 'delete.forced',
      actor: 'initial-admin',
      reason: 'incident 7: products leaks data',
      checkId: forced.body.checkId,
      details: { approval: { checkId, approvedBy: 'initial-admin', reason: 'older approval' } },
    });
  });

  it('answers 409 CHECK_ALREADY_APPROVED to a second approval and audits only the first', async () => {
    const graph = await graphWithUsersAndProducts(t);
    const refused = await publish(t, graph, 'users', USERS_SDL);
    const checkId = refused.body.checkId as string;
    expect((await approve(t, checkId, 'first reason')).status).toBe(200);
    const second = await approve(t, checkId, 'second reason');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'CHECK_ALREADY_APPROVED',
      id: checkId,
      approvedBy: 'initial-admin',
      reason: 'first reason',
    });
    expect(second.body.message).toMatch(
      new RegExp(
        `^Check ${checkId} was already approved by initial-admin at \\S+ \\(reason: first reason\\), valid until \\S+$`,
      ),
    );
    const stored = await t.call('GET', `/v1/checks/${checkId}`);
    expect((stored.body.check as Check).approval).toMatchObject({ reason: 'first reason' });
    const approvals = (await audit(t, graph)).filter((e) => e.action === 'check.approved');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ actor: 'initial-admin', reason: 'first reason', checkId });
  });
});

describeOnDatabases('approval expiry', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage, { approvalTtlSeconds: 1 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets an approval expire after approvalTtlSeconds, and the check be approved again', async () => {
    const graph = uniqueGraphName('exp');
    await t.call('POST', '/v1/graphs', { body: { name: graph } });
    const base = `/v1/graphs/${graph}/variants/current/subgraphs`;
    const body = (sdl: string) => ({ body: { sdl, routingUrl: 'http://users/graphql' } });
    expect((await t.call('POST', `${base}/users`, body(USERS_SDL_V2))).status).toBe(201);
    const refused = await t.call('POST', `${base}/users`, body(USERS_SDL));
    const checkId = refused.body.checkId as string;
    const approved = await t.call('POST', `/v1/checks/${checkId}/approve`, { body: { reason: 'r1' } });
    const approval = (approved.body.check as Check).approval;
    expect(Date.parse(approval?.expiresAt ?? '') - Date.parse(approval?.createdAt ?? '')).toBe(1000);

    while (Date.now() <= Date.parse(approval?.expiresAt ?? '') + 100)
      await new Promise((r) => setTimeout(r, 50));
    const expired = await t.call('POST', `${base}/users`, body(USERS_SDL));
    expect(expired.status).toBe(409);
    expect(expired.body).toMatchObject({ ignoredApprovals: [{ checkId, why: 'expired' }] });
    expect(expired.body.message).toContain(`the approval of check ${checkId} does not apply: it expired at`);

    // An expired approval may be renewed: a new approval, audited like the first.
    const renewed = await t.call('POST', `/v1/checks/${checkId}/approve`, { body: { reason: 'r2' } });
    expect(renewed.status).toBe(200);
    expect((renewed.body.check as Check).approval).toMatchObject({ reason: 'r2' });
    const entries = (await t.call('GET', `/v1/graphs/${graph}/variants/current/audit`)).body
      .entries as AuditEntry[];
    expect(entries.filter((e) => e.action === 'check.approved').map((e) => e.reason)).toEqual(['r2', 'r1']);
  });
});
