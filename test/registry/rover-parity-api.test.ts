// Issue 9, registry side: whoami, token revoke by name and the last admin token, graph and variant deletion,
// SUBGRAPH_NOT_FOUND naming the subgraphs, git context and context ids, and the atomic batch publish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const GIT = {
  commit: '3f2c9a1d0b7e',
  branch: 'feature/email',
  author: 'ada',
  prUrl: 'https://github.com/acme/shop/pull/42',
};

/** USERS_SDL without `User.name`: a breaking change. */
const USERS_WITHOUT_NAME = USERS_SDL.replace(' name: String', '');

describeOnDatabases('registry API for issue 9', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /v1/whoami', () => {
    it('names the calling token with its role, team and scope, and needs a token', async () => {
      const created = await t.call('POST', '/v1/tokens', {
        body: {
          name: 'ci-reviews',
          role: 'publisher',
          team: 'reviews',
          graphs: ['shop'],
          subgraphs: ['reviews'],
        },
      });
      const secret = created.body.secret as string;
      const id = (created.body.token as { id: string }).id;
      const me = await t.call('GET', '/v1/whoami', { token: secret });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        whoami: {
          id,
          name: 'ci-reviews',
          role: 'publisher',
          team: 'reviews',
          graphs: ['shop'],
          subgraphs: ['reviews'],
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
          source: 'token',
          oidc: null,
        },
      });
      expect((await t.call('GET', '/v1/whoami', { token: null })).body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('DELETE /v1/tokens/:idOrName', () => {
    it('revokes by name, refuses an ambiguous name, and keeps the last admin token unless confirmed', async () => {
      await t.call('POST', '/v1/tokens', { body: { name: 'twice', role: 'reader' } });
      await t.call('POST', '/v1/tokens', { body: { name: 'twice', role: 'reader' } });
      const ambiguous = await t.call('DELETE', '/v1/tokens/twice');
      expect(ambiguous.status).toBe(409);
      expect(ambiguous.body).toMatchObject({ code: 'TOKEN_NAME_AMBIGUOUS', name: 'twice' });
      expect(ambiguous.body.ids).toHaveLength(2);

      const once = await t.call('POST', '/v1/tokens', { body: { name: 'dashboards', role: 'reader' } });
      const revoked = await t.call('DELETE', '/v1/tokens/dashboards');
      expect(revoked.status).toBe(200);
      expect(revoked.body.token).toMatchObject({
        id: (once.body.token as { id: string }).id,
        name: 'dashboards',
        revokedAt: expect.any(String) as unknown,
      });
      expect((await t.call('DELETE', '/v1/tokens/no-such-token')).body.code).toBe('TOKEN_NOT_FOUND');

      // The initial admin is the only admin: revoking it needs ?confirm=.
      const last = await t.call('DELETE', '/v1/tokens/initial-admin');
      expect(last.status).toBe(409);
      expect(last.body).toMatchObject({ code: 'LAST_ADMIN_TOKEN', name: 'initial-admin' });
      const me = (await t.call('GET', '/v1/whoami')).body.whoami as { id: string };
      expect(last.body.message).toBe(
        `Token ${me.id} (initial-admin) is the last active admin token: without it nobody can manage graphs and ` +
          `tokens until the registry is restarted with a new ATRIUM_ADMIN_TOKEN; confirm with ?confirm=${me.id} ` +
          '(atrium token revoke --yes)',
      );
      // With a second admin, it is not the last one any more.
      const second = await t.call('POST', '/v1/tokens', { body: { name: 'second-admin', role: 'admin' } });
      const secondSecret = second.body.secret as string;
      const byOther = await t.call('DELETE', `/v1/tokens/${me.id}`, { token: secondSecret });
      expect(byOther.status).toBe(200);
      // Now second-admin is the last one: confirmed by name it goes too, and nobody can manage tokens.
      const confirmed = await t.call('DELETE', '/v1/tokens/second-admin?confirm=second-admin', {
        token: secondSecret,
      });
      expect(confirmed.status).toBe(200);
      expect((await t.call('GET', '/v1/whoami', { token: secondSecret })).status).toBe(401);
      const audit = await t.call('GET', '/v1/audit', { token: secondSecret });
      expect(audit.status).toBe(401);
    });
  });
});

describeOnDatabases('registry API for issue 9 (with an admin)', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  async function newGraph(prefix: string): Promise<string> {
    const graph = uniqueGraphName(prefix);
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    return graph;
  }
  const sub = (graph: string, variant = 'prod') => `/v1/graphs/${graph}/variants/${variant}/subgraphs`;
  const publish = (graph: string, name: string, sdl: string, extra: Record<string, unknown> = {}) =>
    t.call('POST', `${sub(graph)}/${name}`, {
      body: { sdl, routingUrl: `http://${name}/graphql`, ...extra },
    });

  it('SUBGRAPH_NOT_FOUND lists the subgraphs the variant has', async () => {
    const graph = await newGraph('nf');
    expect((await publish(graph, 'users', USERS_SDL)).status).toBe(201);
    expect((await publish(graph, 'products', PRODUCTS_SDL)).status).toBe(201);
    const missing = await t.call('GET', `${sub(graph)}/user`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 'SUBGRAPH_NOT_FOUND',
      message: `Subgraph "user" does not exist in ${graph}@prod (existing subgraphs: products, users)`,
      graph,
      variant: 'prod',
      subgraph: 'user',
      subgraphs: ['products', 'users'],
    });
    const deleting = await t.call('DELETE', `${sub(graph)}/user`);
    expect(deleting.body).toMatchObject({ code: 'SUBGRAPH_NOT_FOUND', subgraphs: ['products', 'users'] });
  });

  it('deletes a variant and a graph only with the name repeated; hubs then get 404 with who and when', async () => {
    const graph = await newGraph('del');
    expect((await publish(graph, 'users', USERS_SDL)).status).toBe(201);
    expect((await publish(graph, 'users', USERS_SDL, {})).status).toBe(200);
    expect(
      (
        await t.call('POST', `/v1/graphs/${graph}/variants/dev/subgraphs/users`, {
          body: { sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
        })
      ).status,
    ).toBe(201);
    const reader = await t.token('reader');
    const publisher = await t.token('publisher');

    expect(
      (await t.call('DELETE', `/v1/graphs/${graph}/variants/dev?confirm=${graph}@dev`, { token: publisher }))
        .body.code,
    ).toBe('FORBIDDEN');
    const unconfirmed = await t.call('DELETE', `/v1/graphs/${graph}/variants/dev?confirm=dev`);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      message: `To delete variant ${graph}@dev, repeat its name: ?confirm=${graph}@dev`,
    });
    const variant = await t.call(
      'DELETE',
      `/v1/graphs/${graph}/variants/dev?confirm=${graph}@dev&reason=unused`,
    );
    expect(variant.status).toBe(200);
    expect(variant.body.variant).toMatchObject({ graph, name: 'dev', subgraphs: ['users'], versions: 1 });
    const polled = await t.call('GET', `/v1/graphs/${graph}/variants/dev/supergraph`, { token: reader });
    expect(polled.status).toBe(404);
    expect(polled.body).toMatchObject({
      code: 'VARIANT_DELETED',
      message: expect.stringMatching(
        new RegExp(`^Variant ${graph}@dev was deleted by initial-admin at \\S+ \\(reason: unused\\)$`),
      ) as unknown,
      variants: ['prod'],
    });
    // The graph's audit log keeps the deletion.
    const audit = await t.call('GET', `/v1/graphs/${graph}/variants/dev/audit`);
    expect(audit.status).toBe(404);
    const prodAudit = await t.call('GET', `/v1/graphs/${graph}/variants/prod/audit`);
    expect(prodAudit.status).toBe(200);

    expect((await t.call('DELETE', `/v1/graphs/${graph}`)).body.code).toBe('CONFIRMATION_REQUIRED');
    const deleted = await t.call('DELETE', `/v1/graphs/${graph}?confirm=${graph}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.graph).toMatchObject({ name: graph, variants: ['prod'] });
    const hub = await t.call('GET', `/v1/graphs/${graph}/variants/prod/supergraph`, { token: reader });
    expect(hub.status).toBe(404);
    expect(hub.body).toMatchObject({
      code: 'GRAPH_DELETED',
      graph,
      deletedBy: 'initial-admin',
      message: expect.stringMatching(
        new RegExp(`^Graph "${graph}" was deleted by initial-admin at `),
      ) as unknown,
    });
    // The registry-level audit log outlives the graph.
    const registryAudit = await t.call('GET', `/v1/audit?graph=${graph}`);
    expect(registryAudit.status).toBe(200);
    expect(
      (registryAudit.body.entries as { action: string; variant: string | null; reason: string | null }[]).map(
        (e) => [e.action, e.variant, e.reason],
      ),
    ).toEqual([
      ['graph.deleted', null, null],
      ['variant.deleted', 'dev', 'unused'],
    ]);
    expect((await t.call('GET', '/v1/audit', { token: reader })).body.code).toBe('FORBIDDEN');
    // Created again, it starts empty.
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    expect((await t.call('GET', `/v1/graphs/${graph}/variants/prod/supergraph`)).body.code).toBe(
      'UNKNOWN_VARIANT',
    );
  });

  it('stores git context on checks and publishes and returns it from checks, history, changelog and audit', async () => {
    const graph = await newGraph('git');
    expect((await publish(graph, 'users', USERS_SDL, { git: GIT })).status).toBe(201);
    const check = await t.call('POST', `/v1/graphs/${graph}/variants/prod/checks`, {
      body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME, git: GIT },
    });
    expect(check.body.check).toMatchObject({
      git: GIT,
      contextId: GIT.prUrl,
      passed: false,
      coveredBy: null,
    });
    const listed = await t.call('GET', `/v1/graphs/${graph}/variants/prod/checks`);
    expect((listed.body.checks as { git: unknown; contextId: unknown }[])[0]).toMatchObject({
      git: GIT,
      contextId: GIT.prUrl,
    });
    const history = await t.call('GET', `/v1/graphs/${graph}/variants/prod/history`);
    expect((history.body.versions as { git: unknown }[])[0]?.git).toEqual(GIT);
    const changelog = await t.call('GET', `/v1/graphs/${graph}/variants/prod/changelog`);
    expect((changelog.body.versions as { git: unknown }[])[0]?.git).toEqual(GIT);
    const blocked = await publish(graph, 'users', USERS_WITHOUT_NAME, { git: { ...GIT, commit: 'aaaa' } });
    expect(blocked.status).toBe(409);
    const audit = await t.call('GET', `/v1/graphs/${graph}/variants/prod/audit`);
    expect((audit.body.entries as { action: string; git: unknown }[])[0]).toMatchObject({
      action: 'publish.blocked',
      git: { ...GIT, commit: 'aaaa' },
    });
    // Without git context, it is null; a branch alone is the context id.
    const plain = await t.call('POST', `/v1/graphs/${graph}/variants/prod/checks`, {
      body: { subgraph: 'users', sdl: USERS_SDL_V2 },
    });
    expect(plain.body.check).toMatchObject({ git: null, contextId: null });
    const branchOnly = await t.call('POST', `/v1/graphs/${graph}/variants/prod/checks`, {
      body: { subgraph: 'users', sdl: USERS_SDL_V2, git: { branch: 'main' } },
    });
    expect(branchOnly.body.check).toMatchObject({
      git: { commit: null, branch: 'main', author: null, prUrl: null },
      contextId: 'main',
    });
  });

  it('lets an approval follow its context id to later checks and publishes, within the approval binding', async () => {
    const graph = await newGraph('ctx');
    expect((await publish(graph, 'users', USERS_SDL)).status).toBe(201);
    const checks = `/v1/graphs/${graph}/variants/prod/checks`;
    const first = await t.call('POST', checks, {
      body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME, contextId: 'pr-7' },
    });
    const firstId = (first.body.check as { id: string }).id;
    const approved = await t.call('POST', `/v1/checks/${firstId}/approve`, {
      body: { reason: 'clients moved' },
    });
    expect((approved.body.check as { approval: { contextId: string } }).approval.contextId).toBe('pr-7');

    // A new commit on the PR: another SDL with the same breaking change, plus a safe field.
    const next = USERS_WITHOUT_NAME.replace('id: ID!', 'id: ID! nickname: String');
    const later = await t.call('POST', checks, { body: { subgraph: 'users', sdl: next, contextId: 'pr-7' } });
    expect(later.body.check).toMatchObject({
      passed: false,
      coveredBy: {
        checkId: firstId,
        approvedBy: 'initial-admin',
        reason: 'clients moved',
        contextId: 'pr-7',
      },
    });
    // Another context: not covered, and its publish is blocked.
    const other = await t.call('POST', checks, { body: { subgraph: 'users', sdl: next, contextId: 'pr-8' } });
    expect(other.body.check).toMatchObject({ passed: false, coveredBy: null });
    expect((await publish(graph, 'users', next, { contextId: 'pr-8' })).status).toBe(409);
    // The same context: published with the approval.
    const published = await publish(graph, 'users', next, { contextId: 'pr-7' });
    expect(published.status).toBe(201);
    expect(published.body.bypass).toMatchObject({
      kind: 'approved',
      checkId: firstId,
      reason: 'clients moved',
    });
    // The base version moved: the approval no longer applies to a further write in that context.
    const again = await publish(graph, 'users', USERS_WITHOUT_NAME.replace('id: ID!', 'id: ID! a: Int'), {
      contextId: 'pr-7',
    });
    expect(again.status).toBe(409);
  });

  describe('POST …/subgraphs (batch publish)', () => {
    it('bootstraps subgraphs that extend each other’s entities in one call, one version', async () => {
      const graph = await newGraph('batch');
      // REVIEWS_SDL extends User and Product: alone on an empty variant it does not compose.
      const alone = await publish(graph, 'reviews', REVIEWS_SDL);
      expect(alone.body.code).toBe('COMPOSITION_FAILED');
      const answer = await t.call('POST', sub(graph), {
        body: {
          subgraphs: [
            { name: 'reviews', sdl: REVIEWS_SDL, routingUrl: 'http://reviews/graphql' },
            { name: 'users', sdl: USERS_SDL, routingUrl: 'http://users/graphql' },
            { name: 'products', sdl: PRODUCTS_SDL, routingUrl: 'http://products/graphql' },
          ],
          git: GIT,
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body).toMatchObject({
        status: 'published',
        variantCreated: true,
        version: {
          version: 1,
          change: { action: 'publish', subgraphs: ['products', 'reviews', 'users'] },
          git: GIT,
        },
        unchanged: [],
      });
      expect(
        (answer.body.subgraphs as { name: string; created: boolean }[]).map((s) => [s.name, s.created]),
      ).toEqual([
        ['reviews', true],
        ['users', true],
        ['products', true],
      ]);
      const history = await t.call('GET', `/v1/graphs/${graph}/variants/prod/history`);
      expect(history.body.versions).toHaveLength(1);
      const supergraph = await t.call('GET', `/v1/graphs/${graph}/variants/prod/supergraph`);
      expect(supergraph.body.supergraphSdl).toContain('reviews: [Review!]!');

      // The same again: unchanged, no new version.
      const same = await t.call('POST', sub(graph), {
        body: { subgraphs: [{ name: 'users', sdl: USERS_SDL, routingUrl: 'http://users/graphql' }] },
      });
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ status: 'unchanged', version: { version: 1 } });
    });

    it('publishes nothing when one subgraph’s check fails, and follows ownership per subgraph', async () => {
      const graph = await newGraph('batchgate');
      expect((await publish(graph, 'users', USERS_SDL)).status).toBe(201);
      const blocked = await t.call('POST', sub(graph), {
        body: {
          subgraphs: [
            { name: 'products', sdl: PRODUCTS_SDL, routingUrl: 'http://products/graphql' },
            { name: 'users', sdl: USERS_WITHOUT_NAME, routingUrl: 'http://users/graphql' },
          ],
        },
      });
      expect(blocked.status).toBe(409);
      expect(blocked.body).toMatchObject({
        code: 'BATCH_BREAKING_CHANGES',
      });
      // Each check of a batch reports the changes of the whole batch: both are blocked by User.name.
      expect((blocked.body.blocked as { subgraph: string }[]).map((entry) => entry.subgraph)).toEqual([
        'products',
        'users',
      ]);
      const list = await t.call('GET', sub(graph));
      expect((list.body.subgraphs as { name: string }[]).map((s) => s.name)).toEqual(['users']);
      expect((await t.call('GET', `/v1/graphs/${graph}/variants/prod/history`)).body.versions).toHaveLength(
        1,
      );

      // A publisher limited to products may not publish users in a batch either.
      const limited = await t.token('publisher', ['products']);
      const forbidden = await t.call('POST', sub(graph), {
        token: limited,
        body: {
          subgraphs: [
            { name: 'products', sdl: PRODUCTS_SDL, routingUrl: 'http://products/graphql' },
            { name: 'users', sdl: USERS_SDL_V2, routingUrl: 'http://users/graphql' },
          ],
        },
      });
      expect(forbidden.body.code).toBe('FORBIDDEN');

      // Forced with a reason by the admin: one version with both.
      const forced = await t.call('POST', sub(graph), {
        body: {
          subgraphs: [
            { name: 'products', sdl: PRODUCTS_SDL, routingUrl: 'http://products/graphql' },
            { name: 'users', sdl: USERS_WITHOUT_NAME, routingUrl: 'http://users/graphql' },
          ],
          force: true,
          reason: 'name moved to accounts',
        },
      });
      expect(forced.status, JSON.stringify(forced.body)).toBe(201);
      expect(forced.body).toMatchObject({ status: 'published', version: { version: 2 } });
      const bypasses = (forced.body.subgraphs as { name: string; bypass: { kind: string } | null }[]).map(
        (s) => [s.name, s.bypass?.kind ?? null],
      );
      expect(bypasses).toEqual([
        ['products', 'forced'],
        ['users', 'forced'],
      ]);
      expect((await t.call('POST', sub(graph), { body: { subgraphs: [], force: false } })).body.code).toBe(
        'INVALID_INPUT',
      );
    });
  });
});
