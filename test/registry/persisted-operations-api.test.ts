// Persisted operations over the registry API, on PGlite and PostgreSQL: publishing a client version's operations
// (validated against the variant's API schema, rejected whole), idempotent and add-only re-publishes, id mismatches,
// retire, list and show, the hubs' feed with its ETag, roles, the audit log, and schema checks (and gated publishes)
// that report the registered operations a change would break.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  uniqueGraphName,
  USERS_SDL,
  type TestRegistry,
} from '../helpers/registry.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const op = (body: string, extra: Record<string, unknown> = {}) => ({ id: sha256(body), body, ...extra });

const ME = 'query Me { me { id name } }';
const PRODUCTS = 'query Products { products { upc price } }';
const BAD = 'query Bad {\n  me { id nickname }\n}';

/** USERS_SDL without `User.name`, which `Me` selects. */
const USERS_WITHOUT_NAME = USERS_SDL.replace(' name: String', '');

describeOnDatabases('persisted operations API', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  const variant = (graph: string) => `/v1/graphs/${graph}/variants/current`;
  const versionUrl = (graph: string, client: string, version: string) =>
    `${variant(graph)}/clients/${client}/versions/${version}`;
  const publish = (graph: string, version: string, operations: unknown[], token?: string, client = 'web') =>
    t.call('POST', `${versionUrl(graph, client, version)}/operations`, {
      body: { operations },
      ...(token === undefined ? {} : { token }),
    });

  async function newGraph(): Promise<string> {
    const graph = uniqueGraphName('ops');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    for (const [name, sdl] of [
      ['users', USERS_SDL],
      ['products', PRODUCTS_SDL],
    ] as const) {
      const published = await t.call('POST', `${variant(graph)}/subgraphs/${name}`, {
        body: { sdl, routingUrl: `http://${name}.example/graphql` },
      });
      expect([200, 201], JSON.stringify(published.body)).toContain(published.status);
    }
    const client = await t.call('POST', `/v1/graphs/${graph}/clients`, {
      body: { id: 'web', recognition: { kind: 'client-id', clientIds: [`web-${graph}`] } },
    });
    expect(client.status).toBe(201);
    return graph;
  }

  it('creates a client version, answers the same set again as unchanged, and adds operations to it', async () => {
    const graph = await newGraph();
    const first = await publish(graph, '1.0.0', [op(ME, { name: 'Me', type: 'query' })]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'created',
      added: 1,
      version: {
        graph,
        variant: 'current',
        client: 'web',
        version: '1.0.0',
        status: 'active',
        operationCount: 1,
      },
    });

    const again = await publish(graph, '1.0.0', [op(ME, { name: 'Me', type: 'query' })]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'unchanged', added: 0, version: { operationCount: 1 } });

    const more = await publish(graph, '1.0.0', [op(ME), op(PRODUCTS)]);
    expect(more.status).toBe(200);
    expect(more.body).toMatchObject({ status: 'added', added: 1, version: { operationCount: 2 } });

    const shown = await t.call('GET', versionUrl(graph, 'web', '1.0.0'));
    expect(shown.status).toBe(200);
    expect((shown.body.version as { operations: unknown[] }).operations).toEqual([
      { id: sha256(ME), name: 'Me', type: 'query', body: ME },
      { id: sha256(PRODUCTS), name: 'Products', type: 'query', body: PRODUCTS },
    ]);

    const audit = await t.call('GET', `${variant(graph)}/audit`);
    const entries = (audit.body.entries as { action: string; details: Record<string, unknown> }[]).filter(
      (e) => e.action.startsWith('operations.'),
    );
    expect(entries.map((e) => [e.action, e.details.status, e.details.added])).toEqual([
      ['operations.published', 'added', 1],
      ['operations.published', 'created', 1],
    ]);
  });

  it('rejects a set with one invalid operation whole, with its id, name, message and location; nothing is stored', async () => {
    const graph = await newGraph();
    const refused = await publish(graph, '2.0.0', [op(ME), op(BAD), op(PRODUCTS)]);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'OPERATIONS_INVALID',
      invalidOperations: 1,
      errors: [
        {
          id: sha256(BAD),
          name: 'Bad',
          message: 'Cannot query field "nickname" on type "User". Did you mean "name"?',
          locations: [{ line: 2, column: 11 }],
        },
      ],
    });
    expect((await t.call('GET', versionUrl(graph, 'web', '2.0.0'))).body.code).toBe('UNKNOWN_CLIENT_VERSION');
    const feed = await t.call('GET', `${variant(graph)}/persisted-operations`);
    expect(feed.body).toEqual({ graph, variant: 'current', clients: [], operations: [] });
  });

  it('rejects documents that are not exactly one operation, and manifest names that contradict the body', async () => {
    const graph = await newGraph();
    const two = 'query A { me { id } }\nquery B { me { id } }';
    const refused = await publish(graph, '1', [op(two), op('{ me { id', {}), op(ME, { name: 'NotMe' })]);
    expect(refused.status).toBe(400);
    const errors = refused.body.errors as { id: string; message: string }[];
    expect(errors.map((e) => [e.id, e.message])).toEqual([
      [
        sha256(two),
        'A persisted document holds exactly one operation (and the fragments it uses); this one has 2',
      ],
      [sha256('{ me { id'), 'Syntax Error: Expected Name, found <EOF>.'],
      [sha256(ME), 'The manifest names this operation "NotMe"; its body names it "Me"'],
    ]);
  });

  it('rejects ids that are not the sha256 of their body, naming the expected id', async () => {
    const graph = await newGraph();
    const refused = await publish(graph, '1.0.0', [{ id: 'abc123', body: ME, name: 'Me' }, op(PRODUCTS)]);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'OPERATION_ID_MISMATCH',
      mismatches: [{ id: 'abc123', name: 'Me', expected: sha256(ME) }],
    });
    expect((await t.call('GET', `${variant(graph)}/client-versions`)).body.versions).toEqual([]);
  });

  it('answers CLIENT_NOT_FOUND for a client without a record, and accepts the reserved records', async () => {
    const graph = await newGraph();
    const unknown = await publish(graph, '1.0.0', [op(ME)], undefined, 'mobile');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CLIENT_NOT_FOUND');
    expect((await publish(graph, '1.0.0', [op(ME)], undefined, 'default')).status).toBe(201);
  });

  it('retires a version: it takes no more operations, leaves the feed, and retiring again changes nothing', async () => {
    const graph = await newGraph();
    expect((await publish(graph, '1.0.0', [op(ME)])).status).toBe(201);
    expect((await publish(graph, '1.1.0', [op(ME), op(PRODUCTS)])).status).toBe(201);

    const retired = await t.call('POST', `${versionUrl(graph, 'web', '1.0.0')}/retire`, {
      body: { reason: 'forced upgrade' },
    });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({
      status: 'retired',
      version: { status: 'retired', retiredBy: 'initial-admin', retireReason: 'forced upgrade' },
    });
    const again = await t.call('POST', `${versionUrl(graph, 'web', '1.0.0')}/retire`);
    expect(again.body).toMatchObject({ status: 'unchanged' });

    const closed = await publish(graph, '1.0.0', [op(PRODUCTS)]);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('CLIENT_VERSION_RETIRED');

    const feed = await t.call('GET', `${variant(graph)}/persisted-operations`);
    expect(feed.body.clients).toEqual([
      { client: 'web', version: '1.1.0', operationIds: [sha256(ME), sha256(PRODUCTS)].sort() },
    ]);
    const listed = await t.call('GET', `${variant(graph)}/clients/web/versions`);
    expect(
      (listed.body.versions as { version: string; status: string }[]).map((v) => [v.version, v.status]),
    ).toEqual([
      ['1.0.0', 'retired'],
      ['1.1.0', 'active'],
    ]);
    const missing = await t.call('POST', `${versionUrl(graph, 'web', '9.9.9')}/retire`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('UNKNOWN_CLIENT_VERSION');
  });

  it('serves hubs the active sets with an ETag: 304 while unchanged, a new tag after a publish or a retire', async () => {
    const graph = await newGraph();
    const reader = await t.token('reader');
    const url = `${variant(graph)}/persisted-operations`;
    const empty = await t.call('GET', url, { token: reader });
    expect(empty.status).toBe(200);
    const etag = empty.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect((await t.call('GET', url, { token: reader, headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );

    expect((await publish(graph, '1.0.0', [op(ME)])).status).toBe(201);
    const published = await t.call('GET', url, { token: reader, headers: { 'if-none-match': etag } });
    expect(published.status).toBe(200);
    expect(published.body).toEqual({
      graph,
      variant: 'current',
      clients: [{ client: 'web', version: '1.0.0', operationIds: [sha256(ME)] }],
      operations: [{ id: sha256(ME), name: 'Me', type: 'query', body: ME }],
    });
    const tag = published.headers.etag as string;
    expect((await t.call('GET', url, { token: reader, headers: { 'if-none-match': tag } })).status).toBe(304);
    expect((await t.call('POST', `${versionUrl(graph, 'web', '1.0.0')}/retire`)).status).toBe(200);
    const after = await t.call('GET', url, { token: reader, headers: { 'if-none-match': tag } });
    expect(after.status).toBe(200);
    expect(after.body.clients).toEqual([]);
  });

  it('leaves the versions of a deleted client record out of the feed and out of checks', async () => {
    const graph = await newGraph();
    expect((await publish(graph, '1.0.0', [op(ME)])).status).toBe(201);
    expect((await t.call('DELETE', `/v1/graphs/${graph}/clients/web`)).status).toBe(200);
    const feed = await t.call('GET', `${variant(graph)}/persisted-operations`);
    expect(feed.body).toMatchObject({ clients: [], operations: [] });
    const checked = await t.call('POST', `${variant(graph)}/checks`, {
      body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME, failOn: 'breaking' },
    });
    expect(
      (checked.body.check as { report: Record<string, unknown> }).report.brokenOperations,
    ).toBeUndefined();
  });

  it('lets unrestricted publishers publish and retire, not readers nor publishers limited to subgraphs', async () => {
    const graph = await newGraph();
    const reader = await t.token('reader');
    const limited = await t.token('publisher', ['users']);
    const publisher = await t.token('publisher');
    expect((await publish(graph, '1.0.0', [op(ME)], reader)).status).toBe(403);
    expect((await publish(graph, '1.0.0', [op(ME)], limited)).body.code).toBe('FORBIDDEN');
    expect((await publish(graph, '1.0.0', [op(ME)], publisher)).status).toBe(201);
    const retire = (token: string) =>
      t.call('POST', `${versionUrl(graph, 'web', '1.0.0')}/retire`, { token });
    expect((await retire(reader)).status).toBe(403);
    expect((await retire(publisher)).status).toBe(200);
  });

  it('bounds operation bodies and validates client versions', async () => {
    const graph = await newGraph();
    const huge = `query Huge { me { id ${'name '.repeat(14_000)}} }`;
    const tooLarge = await publish(graph, '1.0.0', [op(huge)]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'OPERATION_TOO_LARGE', limit: 65_536 });
    const many = Array.from({ length: 5_001 }, (_, i) => op(`query Q${i} { me { id } }`));
    const tooMany = await publish(graph, '1.0.0', many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ code: 'TOO_MANY_OPERATIONS', count: 5_001, limit: 5_000 });
    const badVersion = await publish(graph, '-1', [op(ME)]);
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.code).toBe('INVALID_INPUT');
  });

  it('fails a check that removes a field a registered operation uses, naming the client version; retired versions do not count', async () => {
    const graph = await newGraph();
    expect((await publish(graph, '1.0.0', [op(ME), op(PRODUCTS)])).status).toBe(201);
    const check = () =>
      t.call('POST', `${variant(graph)}/checks`, {
        body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME, failOn: 'breaking' },
      });
    const failed = await check();
    expect(failed.status).toBe(201);
    const report = (failed.body.check as { report: Record<string, unknown> }).report;
    expect(report.passed).toBe(false);
    expect(report.brokenOperations).toEqual([
      {
        client: 'web',
        clientVersion: '1.0.0',
        operationId: sha256(ME),
        operationName: 'Me',
        severity: 'breaking',
        errors: [
          { message: 'Cannot query field "name" on type "User".', locations: [{ line: 1, column: 20 }] },
        ],
      },
    ]);

    // The gated publish runs the same check: refused, with the broken operation in its report.
    const blocked = await t.call('POST', `${variant(graph)}/subgraphs/users`, {
      body: { sdl: USERS_WITHOUT_NAME, routingUrl: 'http://users.example/graphql' },
    });
    expect(blocked.status).toBe(409);
    expect((blocked.body.report as { brokenOperations: unknown[] }).brokenOperations).toHaveLength(1);

    expect((await t.call('POST', `${versionUrl(graph, 'web', '1.0.0')}/retire`)).status).toBe(200);
    const after = await check();
    const afterReport = (after.body.check as { report: Record<string, unknown> }).report;
    expect(afterReport.brokenOperations).toBeUndefined();
  });

  it('passes a check whose changes leave every registered operation valid', async () => {
    const graph = await newGraph();
    expect((await publish(graph, '1.0.0', [op(ME)])).status).toBe(201);
    const checked = await t.call('POST', `${variant(graph)}/checks`, {
      body: { subgraph: 'products', sdl: PRODUCTS_SDL.replace(' price: Int', ''), failOn: 'breaking' },
    });
    const report = (checked.body.check as { report: Record<string, unknown> }).report;
    expect(report.brokenOperations).toEqual([]);
    // Removing Product.price is breaking by itself; no registered operation uses it.
    expect(report.changes).toContainEqual(
      expect.objectContaining({ code: 'FIELD_REMOVED', coordinate: 'Product.price' }),
    );
  });
});
