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

interface Change {
  code: string;
  severity: string;
  coordinate: string;
}
interface Report {
  passed: boolean;
  changes: Change[];
  compositionErrors?: { code: string }[];
  lintFindings?: { rule: string; severity: string; coordinate?: string }[];
}
interface Check {
  id: string;
  passed: boolean;
  action: string;
  report: Report;
  approval: { approvedBy: string } | null;
}

describeOnDatabases('schema checks, approvals, audit and changelog', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  const variantUrl = (graph: string) => `/v1/graphs/${graph}/variants/current`;
  const publish = (
    graph: string,
    name: string,
    sdl: string,
    extra: Record<string, unknown> = {},
    token?: string,
  ) =>
    t.call('POST', `${variantUrl(graph)}/subgraphs/${name}`, {
      body: { sdl, routingUrl: `http://${name}/graphql`, ...extra },
      ...(token ? { token } : {}),
    });
  const check = async (graph: string, body: Record<string, unknown>, token?: string) => {
    const answer = await t.call('POST', `${variantUrl(graph)}/checks`, { body, ...(token ? { token } : {}) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.check as Check;
  };

  async function graphWithUsersV2(): Promise<string> {
    const graph = uniqueGraphName('chk');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    expect((await publish(graph, 'users', USERS_SDL_V2)).status).toBe(201);
    expect((await publish(graph, 'products', PRODUCTS_SDL)).status).toBe(201);
    return graph;
  }

  it('stores checks: a breaking removal fails with its coordinate, a safe change passes; both are listed and shown', async () => {
    const graph = await graphWithUsersV2();
    const breaking = await check(graph, { subgraph: 'users', sdl: USERS_SDL });
    expect(breaking.passed).toBe(false);
    expect(breaking.report.changes).toContainEqual(
      expect.objectContaining({ code: 'FIELD_REMOVED', severity: 'breaking', coordinate: 'User.email' }),
    );
    const safe = await check(graph, { subgraph: 'reviews', sdl: REVIEWS_SDL });
    expect(safe.passed).toBe(true);
    expect(safe.report.changes.every((c) => c.severity !== 'breaking')).toBe(true);

    const list = await t.call('GET', `${variantUrl(graph)}/checks`);
    const ids = (list.body.checks as { id: string }[]).map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual([safe.id, breaking.id]);
    const shown = await t.call('GET', `/v1/checks/${breaking.id}`);
    expect(shown.status).toBe(200);
    expect((shown.body.check as Check).report.changes).toEqual(breaking.report.changes);
    expect((await t.call('GET', '/v1/checks/00000000-0000-4000-8000-000000000000')).body.code).toBe(
      'CHECK_NOT_FOUND',
    );
  });

  it('fails a check whose proposal does not compose, with the composition errors and their codes', async () => {
    const graph = await graphWithUsersV2();
    const failed = await check(graph, { subgraph: 'accounts', sdl: CONFLICTING_USERS_SDL });
    expect(failed.passed).toBe(false);
    expect(failed.report.compositionErrors?.[0]?.code).toBe('FIELD_TYPE_MISMATCH');
    expect(failed.report.changes).toEqual([]);
  });

  it('checks deleting a subgraph', async () => {
    const graph = await graphWithUsersV2();
    const deletion = await check(graph, { subgraph: 'products', delete: true });
    expect(deletion.action).toBe('delete');
    expect(deletion.passed).toBe(false);
    expect(deletion.report.changes).toContainEqual(
      expect.objectContaining({ code: 'TYPE_REMOVED', coordinate: 'Product' }),
    );
    const missing = await t.call('POST', `${variantUrl(graph)}/checks`, {
      body: { subgraph: 'nope', delete: true },
    });
    expect(missing.body.code).toBe('SUBGRAPH_NOT_FOUND');
  });

  it('blocks a breaking publish until the same SDL is approved, and audits all of it', async () => {
    const graph = await graphWithUsersV2();
    const refused = await publish(graph, 'users', USERS_SDL);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('BREAKING_CHANGES');
    const checkId = refused.body.checkId as string;

    // An approval binds to the exact SDL: approving a check of different SDL does not let this one through.
    const other = await check(graph, { subgraph: 'users', sdl: `${USERS_SDL}\n# another SDL\n` });
    expect(
      (await t.call('POST', `/v1/checks/${other.id}/approve`, { body: { reason: 'other' } })).status,
    ).toBe(200);
    expect((await publish(graph, 'users', USERS_SDL)).status).toBe(409);

    const approved = await t.call('POST', `/v1/checks/${checkId}/approve`, {
      body: { reason: 'clients migrated' },
    });
    expect(approved.status).toBe(200);
    expect((approved.body.check as Check).approval?.approvedBy).toBe('initial-admin');
    const published = await publish(graph, 'users', USERS_SDL);
    expect(published.status).toBe(201);
    expect(published.body.bypass).toMatchObject({ kind: 'approved', checkId, reason: 'clients migrated' });

    const audit = await t.call('GET', `${variantUrl(graph)}/audit`);
    const actions = (audit.body.entries as { action: string; checkId: string; reason: string | null }[]).map(
      (e) => e.action,
    );
    // Newest first: blocked, other SDL approved, blocked again, this SDL approved, published with the approval.
    expect(actions).toEqual([
      'publish.approved',
      'check.approved',
      'publish.blocked',
      'check.approved',
      'publish.blocked',
    ]);
    const passedCheck = await check(graph, { subgraph: 'reviews', sdl: REVIEWS_SDL });
    const notApprovable = await t.call('POST', `/v1/checks/${passedCheck.id}/approve`, { body: {} });
    expect(notApprovable).toMatchObject({ status: 409, body: { code: 'CHECK_NOT_APPROVABLE' } });
  });

  it('lets only admins and owners force a breaking publish, with a reason, and audits it', async () => {
    const graph = await graphWithUsersV2();
    const noReason = await publish(graph, 'users', USERS_SDL, { force: true });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'REASON_REQUIRED' } });
    const teamless = await t.token('publisher');
    const notOwner = await publish(graph, 'users', USERS_SDL, { force: true, reason: 'x' }, teamless);
    expect(notOwner).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // `users` has no owner team, so a publisher's own team does not make it an owner: admin only.
    const gamma = await t.call('POST', '/v1/tokens', {
      body: { name: 'gamma-ci', role: 'publisher', team: 'gamma' },
    });
    const teamed = await publish(
      graph,
      'users',
      USERS_SDL,
      { force: true, reason: 'x' },
      gamma.body.secret as string,
    );
    expect(teamed).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const forced = await publish(graph, 'users', USERS_SDL, { force: true, reason: 'incident 42' });
    expect(forced.status).toBe(201);
    expect(forced.body.bypass).toMatchObject({ kind: 'forced', by: 'initial-admin', reason: 'incident 42' });
    const audit = await t.call('GET', `${variantUrl(graph)}/audit`);
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: 'publish.forced', actor: 'initial-admin', reason: 'incident 42' }),
    );
  });

  it("refuses a publisher of another team's subgraph (403) and lets the owner team force", async () => {
    const graph = uniqueGraphName('own');
    await t.call('POST', '/v1/graphs', { body: { name: graph } });
    const alpha = await t.call('POST', '/v1/tokens', {
      body: { name: 'alpha-ci', role: 'publisher', team: 'alpha' },
    });
    const beta = await t.call('POST', '/v1/tokens', {
      body: { name: 'beta-ci', role: 'publisher', team: 'beta' },
    });
    const alphaToken = alpha.body.secret as string;
    const created = await publish(graph, 'users', USERS_SDL_V2, { ownerContact: '#alpha' }, alphaToken);
    expect(created.status).toBe(201);
    const subgraph = await t.call('GET', `${variantUrl(graph)}/subgraphs/users`);
    expect(subgraph.body.subgraph).toMatchObject({ ownerTeam: 'alpha', ownerContact: '#alpha' });
    const foreign = await publish(
      graph,
      'users',
      USERS_SDL_V2.replace('email', 'mail'),
      {},
      beta.body.secret as string,
    );
    expect(foreign).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const owned = await publish(
      graph,
      'users',
      USERS_SDL,
      { force: true, reason: 'owner decision' },
      alphaToken,
    );
    expect(owned.status).toBe(201);
  });

  it('fails a check on a lint rule set to error, not on one set to warn', async () => {
    const graph = await graphWithUsersV2();
    const badNames = USERS_SDL_V2.replace('email: String', 'email: String\n  Nick_name: String');
    const warned = await check(graph, { subgraph: 'users', sdl: badNames });
    expect(warned.passed).toBe(true);
    expect(warned.report.lintFindings).toContainEqual(
      expect.objectContaining({
        rule: 'FIELD_NAMES_CAMEL_CASE',
        severity: 'warning',
        coordinate: 'User.Nick_name',
      }),
    );
    const set = await t.call('PUT', `/v1/graphs/${graph}/lint-config`, {
      body: { rules: { FIELD_NAMES_CAMEL_CASE: 'error' } },
    });
    expect(set.status).toBe(200);
    const failed = await check(graph, { subgraph: 'users', sdl: badNames });
    expect(failed.passed).toBe(false);
    expect(failed.report.lintFindings).toContainEqual(expect.objectContaining({ severity: 'error' }));
    const reader = await t.token('reader');
    const forbidden = await t.call('PUT', `/v1/graphs/${graph}/lint-config`, {
      token: reader,
      body: { rules: {} },
    });
    expect(forbidden.status).toBe(403);
  });

  it('requires deprecation before removal when REQUIRE_DEPRECATION_BEFORE_REMOVAL is on', async () => {
    const graph = await graphWithUsersV2();
    await t.call('PUT', `/v1/graphs/${graph}/lint-config`, {
      body: { rules: { REQUIRE_DEPRECATION_BEFORE_REMOVAL: 'error' }, deprecationGracePeriodDays: 7 },
    });
    const removal = await check(graph, { subgraph: 'users', sdl: USERS_SDL });
    expect(removal.report.lintFindings).toContainEqual(
      expect.objectContaining({ rule: 'REQUIRE_DEPRECATION_BEFORE_REMOVAL', coordinate: 'User.email' }),
    );
    const deprecated = USERS_SDL_V2.replace(
      'email: String',
      'email: String @deprecated(reason: "use contact")',
    );
    expect((await publish(graph, 'users', deprecated)).status).toBe(201);
    const tooSoon = await check(graph, { subgraph: 'users', sdl: USERS_SDL });
    expect(tooSoon.report.lintFindings?.[0]?.rule).toBe('REQUIRE_DEPRECATION_BEFORE_REMOVAL');
    await t.call('PUT', `/v1/graphs/${graph}/lint-config`, { body: { deprecationGracePeriodDays: 0 } });
    const graceOver = await check(graph, { subgraph: 'users', sdl: USERS_SDL });
    expect(
      graceOver.report.lintFindings?.filter((f) => f.rule === 'REQUIRE_DEPRECATION_BEFORE_REMOVAL'),
    ).toEqual([]);
  });

  it('keeps the changelog of every version, filtered by --since version or date', async () => {
    const graph = uniqueGraphName('log');
    await t.call('POST', '/v1/graphs', { body: { name: graph } });
    await publish(graph, 'users', USERS_SDL);
    // The database keeps microseconds, the date here milliseconds: a few ms either side of it keep version 1
    // strictly before it and version 2 after it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await publish(graph, 'users', USERS_SDL_V2);
    await publish(graph, 'products', PRODUCTS_SDL);
    const all = await t.call('GET', `${variantUrl(graph)}/changelog`);
    const versions = all.body.versions as { version: number; changes: Change[] }[];
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[1]?.changes).toEqual([
      expect.objectContaining({ code: 'FIELD_ADDED', coordinate: 'User.email' }),
    ]);
    const sinceOne = await t.call('GET', `${variantUrl(graph)}/changelog?since=1`);
    expect((sinceOne.body.versions as { version: number }[]).map((v) => v.version)).toEqual([3, 2]);
    const sinceDate = await t.call(
      'GET',
      `${variantUrl(graph)}/changelog?since=${encodeURIComponent(between)}`,
    );
    expect((sinceDate.body.versions as { version: number }[]).map((v) => v.version)).toEqual([3, 2]);
    const bad = await t.call('GET', `${variantUrl(graph)}/changelog?since=yesterday-ish`);
    expect(bad.body.code).toBe('INVALID_INPUT');
  });
});
