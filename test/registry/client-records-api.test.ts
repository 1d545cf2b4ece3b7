// Client records over the registry API, on PGlite and PostgreSQL: the reserved `default` and `anonymous` records,
// create / list / show / update / delete, validation with stable codes, conflicts of recognition keys, If-Match,
// the hubs' ETag feed, roles and graph scopes, and the audit log.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, type Answer, type TestRegistry } from '../helpers/registry.js';

interface ClientRecord {
  id: string;
  displayName: string;
  recognition: Record<string, unknown>;
  tier: string | null;
  rate: Record<string, number> | null;
  budget: Record<string, number> | null;
  overrides: Record<string, number>;
  persistedOperations: string;
  reserved: boolean;
  version: number;
  createdBy: string | null;
  createdAt: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

const DEFAULT_RECORD = {
  id: 'default',
  displayName: 'Authenticated clients without a record',
  recognition: { kind: 'default' },
  tier: 'default',
  rate: { requests: 1200, windowSeconds: 60 },
  budget: { points: 1_000_000, windowSeconds: 3600 },
  overrides: {},
  persistedOperations: 'off',
  reserved: true,
  version: 0,
  createdBy: null,
  createdAt: null,
  updatedBy: null,
  updatedAt: null,
};

const ANONYMOUS_RECORD = {
  ...DEFAULT_RECORD,
  id: 'anonymous',
  displayName: 'Anonymous callers',
  recognition: { kind: 'anonymous' },
  tier: 'anonymous',
  rate: { requests: 60, windowSeconds: 60 },
  budget: { points: 20_000, windowSeconds: 3600 },
};

describeOnDatabases('client records API', (storage) => {
  let t: TestRegistry;
  beforeAll(async () => {
    t = await createTestRegistry(storage);
  });
  afterAll(async () => {
    await t.close();
  });

  async function newGraph(): Promise<string> {
    const graph = uniqueGraphName('clients');
    expect((await t.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    return graph;
  }
  const clients = (graph: string) => `/v1/graphs/${graph}/clients`;
  const client = (graph: string, id: string) => `${clients(graph)}/${id}`;
  const record = (answer: Answer) => answer.body.client as ClientRecord;
  const create = (graph: string, body: Record<string, unknown>, token?: string) =>
    t.call('POST', clients(graph), { body, ...(token === undefined ? {} : { token }) });
  const webApp = { id: 'web', recognition: { kind: 'client-id', clientIds: ['web-app'] } };

  it('lists the reserved records with their documented values, and answers an unchanged set with 304', async () => {
    const graph = await newGraph();
    const listed = await t.call('GET', clients(graph));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ graph, clients: [ANONYMOUS_RECORD, DEFAULT_RECORD] });
    const etag = listed.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(listed.headers['cache-control']).toBe('no-cache');

    const unchanged = await t.call('GET', clients(graph), { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toEqual({});

    expect((await create(graph, webApp)).status).toBe(201);
    const changed = await t.call('GET', clients(graph), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect((changed.body.clients as ClientRecord[]).map((c) => c.id)).toEqual([
      'anonymous',
      'default',
      'web',
    ]);
    expect(await t.call('GET', client(graph, 'default'))).toMatchObject({
      status: 200,
      body: { client: DEFAULT_RECORD },
    });
  });

  it('creates a record with defaults for what it does not name, and shows it', async () => {
    const graph = await newGraph();
    const created = await create(graph, webApp);
    expect(created.status).toBe(201);
    expect(record(created)).toEqual({
      id: 'web',
      displayName: 'web',
      recognition: { kind: 'client-id', clientIds: ['web-app'] },
      tier: null,
      rate: null,
      budget: null,
      overrides: {},
      persistedOperations: 'off',
      reserved: false,
      version: 1,
      createdBy: 'initial-admin',
      createdAt: record(created).updatedAt,
      updatedBy: 'initial-admin',
      updatedAt: record(created).createdAt,
    });
    expect(Date.parse(record(created).createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const shown = await t.call('GET', client(graph, 'web'));
    expect(shown).toMatchObject({ status: 200, body: { client: record(created) } });
    expect(shown.headers.etag).toBe(created.headers.etag);

    const full = await create(graph, {
      id: 'partner',
      displayName: 'Partner integration',
      recognition: { kind: 'client-id', clientIds: ['partner-a', 'partner-b'] },
      tier: 'gold',
      rate: { requests: 100, windowSeconds: 60, burst: 20 },
      budget: { points: 50_000, windowSeconds: 3600 },
      overrides: { maxCost: 10_000, maxDepth: 12 },
      persistedOperations: 'audit',
    });
    expect(full.status).toBe(201);
    expect(record(full)).toMatchObject({
      displayName: 'Partner integration',
      tier: 'gold',
      rate: { requests: 100, windowSeconds: 60, burst: 20 },
      budget: { points: 50_000, windowSeconds: 3600 },
      overrides: { maxCost: 10_000, maxDepth: 12 },
      persistedOperations: 'audit',
    });
  });

  it('canonicalizes address ranges', async () => {
    const graph = await newGraph();
    const created = await create(graph, {
      id: 'office',
      recognition: {
        kind: 'remote-address',
        addresses: ['203.0.113.7', '2001:DB8:0::/48', '::ffff:10.0.0.0/104'],
      },
    });
    expect(created.status).toBe(201);
    expect(record(created).recognition).toEqual({
      kind: 'remote-address',
      addresses: ['203.0.113.7/32', '2001:db8::/48', '10.0.0.0/8'],
    });
  });

  it('refuses bad input with stable codes, listing every problem', async () => {
    const graph = await newGraph();
    const invalid = await create(graph, {
      id: 'bad',
      recognition: { kind: 'remote-address', addresses: ['10.1.2.3/8', 'nonsense', '10.0.0.0/8'] },
      rate: { requests: 10, windowSeconds: 0 },
      budget: { points: 1, windowSeconds: 60, extra: 1 },
      overrides: { maxDepth: -1 },
      persistedOperations: 'always',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('INVALID_INPUT');
    const issues = invalid.body.issues as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'budget',
      'overrides.maxDepth',
      'persistedOperations',
      'rate.windowSeconds',
      'recognition.addresses.0',
      'recognition.addresses.1',
    ]);
    expect(issues.find((issue) => issue.path === 'recognition.addresses.0')?.message).toBe(
      '10.1.2.3/8 has address bits set beyond /8: the network is 10.0.0.0/8',
    );

    const cases: [Record<string, unknown>, string, string][] = [
      [
        { ...webApp, recognition: { kind: 'client-id', clientIds: [] } },
        'recognition.clientIds',
        'INVALID_INPUT',
      ],
      [
        { ...webApp, recognition: { kind: 'client-id', clientIds: ['a', 'a'] } },
        'recognition.clientIds.1',
        'INVALID_INPUT',
      ],
      [{ ...webApp, recognition: { kind: 'default' } }, 'recognition.kind', 'INVALID_INPUT'],
      [
        { ...webApp, recognition: { kind: 'client-id', clientIds: ['a\u0000b'] } },
        'recognition.clientIds.0',
        'INVALID_INPUT',
      ],
      [{ ...webApp, rate: { requests: 1, windowSeconds: 3600, burst: 100_000 } }, 'rate', 'INVALID_INPUT'],
      [{ ...webApp, budget: { points: 10_000_000, windowSeconds: 1 } }, 'budget', 'INVALID_INPUT'],
      [{ ...webApp, displayName: '  ' }, 'displayName', 'INVALID_INPUT'],
      [{ ...webApp, id: '1-not-a-name' }, 'id', 'INVALID_NAME'],
      [{ recognition: webApp.recognition }, 'id', 'INVALID_INPUT'],
    ];
    for (const [body, path, code] of cases) {
      const answer = await create(graph, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code, JSON.stringify(body)).toBe(code);
      expect(
        (answer.body.issues as { path: string }[]).map((issue) => issue.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect(await create(uniqueGraphName('missing'), webApp)).toMatchObject({
      status: 400,
      body: { code: 'UNKNOWN_GRAPH' },
    });
    expect((await t.call('GET', clients(graph))).body.clients).toHaveLength(2); // nothing was stored
  });

  it('refuses a second record with an id, and creating or deleting a reserved record', async () => {
    const graph = await newGraph();
    expect((await create(graph, webApp)).status).toBe(201);
    expect(
      await create(graph, { ...webApp, recognition: { kind: 'client-id', clientIds: ['other'] } }),
    ).toMatchObject({
      status: 409,
      body: { code: 'CLIENT_EXISTS', graph, client: 'web' },
    });
    expect(await create(graph, { ...webApp, id: 'default' })).toMatchObject({
      status: 409,
      body: {
        code: 'CLIENT_RESERVED',
        client: 'default',
        message: 'Client record "default" is reserved and always exists; update it instead',
      },
    });
    expect(await t.call('DELETE', client(graph, 'anonymous'))).toMatchObject({
      status: 409,
      body: { code: 'CLIENT_RESERVED', client: 'anonymous' },
    });
    expect(await t.call('GET', client(graph, 'nobody'))).toMatchObject({
      status: 404,
      body: { code: 'CLIENT_NOT_FOUND', graph, client: 'nobody' },
    });
  });

  it('refuses a client id or an address range another record recognises; overlapping ranges are fine', async () => {
    const graph = await newGraph();
    expect((await create(graph, webApp)).status).toBe(201);
    const again = await create(graph, {
      id: 'web2',
      recognition: { kind: 'client-id', clientIds: ['x', 'web-app'] },
    });
    expect(again).toMatchObject({
      status: 409,
      body: {
        code: 'CLIENT_ID_CONFLICT',
        graph,
        clientId: 'web-app',
        client: 'web',
        message: `OIDC client id "web-app" is already recognised by client record "web" of graph "${graph}"`,
      },
    });
    // Nothing of the refused record was kept: its id and its other client id are free.
    expect(
      (await create(graph, { id: 'web2', recognition: { kind: 'client-id', clientIds: ['x'] } })).status,
    ).toBe(201);
    // The same client id in another graph is another key.
    expect((await create(await newGraph(), webApp)).status).toBe(201);

    expect(
      (
        await create(graph, {
          id: 'lan',
          recognition: { kind: 'remote-address', addresses: ['2001:db8::/32'] },
        })
      ).status,
    ).toBe(201);
    expect(
      await create(graph, {
        id: 'lan2',
        recognition: { kind: 'remote-address', addresses: ['2001:DB8:0::/32'] },
      }),
    ).toMatchObject({
      status: 409,
      body: { code: 'CLIENT_ADDRESS_CONFLICT', address: '2001:db8::/32', client: 'lan' },
    });
    expect(
      (
        await create(graph, {
          id: 'lab',
          recognition: { kind: 'remote-address', addresses: ['2001:db8:1::/48'] },
        })
      ).status,
    ).toBe(201);
    // An update is checked the same way.
    expect(
      await t.call('PATCH', client(graph, 'web2'), {
        body: { recognition: { kind: 'client-id', clientIds: ['web-app'] } },
      }),
    ).toMatchObject({ status: 409, body: { code: 'CLIENT_ID_CONFLICT', client: 'web' } });
    expect(record(await t.call('GET', client(graph, 'web2'))).recognition).toEqual({
      kind: 'client-id',
      clientIds: ['x'],
    });
  });

  it('updates the fields given, counting the version up; null removes a limit', async () => {
    const graph = await newGraph();
    const created = record(
      await create(graph, {
        ...webApp,
        rate: { requests: 10, windowSeconds: 1 },
        budget: { points: 100, windowSeconds: 60 },
      }),
    );
    const updated = await t.call('PATCH', client(graph, 'web'), {
      body: { displayName: 'Web app', rate: null, tier: 'free', overrides: { maxCost: 500 } },
    });
    expect(updated.status).toBe(200);
    expect(record(updated)).toMatchObject({
      displayName: 'Web app',
      rate: null,
      budget: { points: 100, windowSeconds: 60 },
      tier: 'free',
      overrides: { maxCost: 500 },
      version: 2,
      createdAt: created.createdAt,
    });
    expect(Date.parse(record(updated).updatedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(created.updatedAt ?? ''),
    );
    // Recognising other client ids frees the old ones.
    await t.call('PATCH', client(graph, 'web'), {
      body: { recognition: { kind: 'client-id', clientIds: ['web-v2'] } },
    });
    expect(
      (await create(graph, { id: 'legacy', recognition: { kind: 'client-id', clientIds: ['web-app'] } }))
        .status,
    ).toBe(201);
    expect(await t.call('PATCH', client(graph, 'web'), { body: {} })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' },
    });
    expect(await t.call('PATCH', client(graph, 'nobody'), { body: { tier: null } })).toMatchObject({
      status: 404,
      body: { code: 'CLIENT_NOT_FOUND' },
    });
  });

  it('stores a reserved record on its first update; whom it recognises cannot change', async () => {
    const graph = await newGraph();
    const updated = await t.call('PATCH', client(graph, 'anonymous'), {
      body: { rate: { requests: 10, windowSeconds: 60 }, persistedOperations: 'enforce' },
    });
    expect(updated.status).toBe(200);
    const { createdAt: _created, updatedAt: _updated, ...documented } = ANONYMOUS_RECORD;
    expect(record(updated)).toMatchObject({
      ...documented,
      rate: { requests: 10, windowSeconds: 60 },
      persistedOperations: 'enforce',
      version: 1,
      createdBy: 'initial-admin',
      updatedBy: 'initial-admin',
    });
    expect(Date.parse(record(updated).createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(record(await t.call('GET', client(graph, 'anonymous'))).version).toBe(1);
    expect(
      (await t.call('PATCH', client(graph, 'anonymous'), { body: { budget: null } })).body.client,
    ).toMatchObject({ version: 2, budget: null, rate: { requests: 10, windowSeconds: 60 } });
    expect(
      await t.call('PATCH', client(graph, 'default'), {
        body: { recognition: { kind: 'client-id', clientIds: ['x'] } },
      }),
    ).toMatchObject({
      status: 409,
      body: {
        code: 'CLIENT_RESERVED',
        client: 'default',
        message: 'Whom the reserved client record "default" recognises cannot change',
      },
    });
  });

  it('deletes a record and frees what it recognised', async () => {
    const graph = await newGraph();
    const created = record(await create(graph, webApp));
    const deleted = await t.call('DELETE', client(graph, 'web'));
    expect(deleted).toMatchObject({ status: 200, body: { client: created } });
    expect((await t.call('GET', client(graph, 'web'))).status).toBe(404);
    expect((await t.call('DELETE', client(graph, 'web'))).body.code).toBe('CLIENT_NOT_FOUND');
    expect((await create(graph, { id: 'again', recognition: webApp.recognition })).status).toBe(201);
  });

  it('makes updates and deletes conditional with If-Match', async () => {
    const graph = await newGraph();
    const created = await create(graph, webApp);
    const etag = created.headers.etag as string;
    const first = await t.call('PATCH', client(graph, 'web'), {
      body: { tier: 'a' },
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    const stale = await t.call('PATCH', client(graph, 'web'), {
      body: { tier: 'b' },
      headers: { 'if-match': etag },
    });
    expect(stale).toMatchObject({
      status: 412,
      body: { code: 'CLIENT_VERSION_MISMATCH', graph, client: 'web', etag: first.headers.etag },
    });
    expect(record(await t.call('GET', client(graph, 'web'))).tier).toBe('a');
    expect((await t.call('DELETE', client(graph, 'web'), { headers: { 'if-match': etag } })).status).toBe(
      412,
    );
    expect(
      (await t.call('PATCH', client(graph, 'web'), { body: { tier: 'c' }, headers: { 'if-match': '*' } }))
        .status,
    ).toBe(200);
    const reserved = await t.call('GET', client(graph, 'default'));
    expect(
      (
        await t.call('PATCH', client(graph, 'default'), {
          body: { tier: 'x' },
          headers: { 'if-match': reserved.headers.etag as string },
        })
      ).status,
    ).toBe(200);
  });

  it('lets readers read, admins write, and keeps graph-scoped tokens to their graphs', async () => {
    const graph = await newGraph();
    const other = await newGraph();
    const reader = await t.token('reader');
    const publisher = await t.token('publisher');
    const scoped = await t.call('POST', '/v1/tokens', {
      body: { name: 'scoped', role: 'reader', graphs: [other] },
    });
    const scopedReader = scoped.body.secret as string;
    await create(graph, webApp);

    expect((await t.call('GET', clients(graph), { token: reader })).status).toBe(200);
    expect((await t.call('GET', client(graph, 'web'), { token: reader })).status).toBe(200);
    for (const token of [reader, publisher]) {
      expect(await create(graph, { ...webApp, id: 'x' }, token)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
      expect((await t.call('PATCH', client(graph, 'web'), { token, body: { tier: 'x' } })).status).toBe(403);
      expect((await t.call('DELETE', client(graph, 'web'), { token })).status).toBe(403);
    }
    expect(await t.call('GET', clients(graph), { token: scopedReader })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect((await t.call('GET', clients(other), { token: scopedReader })).status).toBe(200);
    expect(await t.call('GET', clients(graph), { token: null })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
  });

  it('audits every change with what it was before and after', async () => {
    const graph = await newGraph();
    expect((await t.call('POST', `/v1/graphs/${graph}/variants`, { body: { name: 'prod' } })).status).toBe(
      201,
    );
    const created = record(await create(graph, webApp));
    const updated = record(await t.call('PATCH', client(graph, 'web'), { body: { tier: 'free' } }));
    await t.call('DELETE', client(graph, 'web'));
    const reserved = record(await t.call('PATCH', client(graph, 'default'), { body: { tier: 'members' } }));
    // Refused changes are not audited.
    await create(graph, { ...webApp, id: 'default' });

    const audit = await t.call('GET', `/v1/graphs/${graph}/variants/prod/audit`);
    const entries = (
      audit.body.entries as { action: string; actor: string; variant: string | null; details: unknown }[]
    )
      .filter((entry) => entry.action.startsWith('client.'))
      .reverse();
    expect(entries.map((entry) => entry.action)).toEqual([
      'client.created',
      'client.updated',
      'client.deleted',
      'client.updated',
    ]);
    expect(entries.every((entry) => entry.actor === 'initial-admin' && entry.variant === null)).toBe(true);
    expect(entries[0]?.details).toEqual({ client: 'web', before: null, after: created });
    expect(entries[1]?.details).toEqual({ client: 'web', before: created, after: updated });
    expect(entries[2]?.details).toEqual({ client: 'web', before: updated, after: null });
    expect(entries[3]?.details).toEqual({ client: 'default', before: DEFAULT_RECORD, after: reserved });
  });

  it('lets only one of two racing creates take a client id', async () => {
    const graph = await newGraph();
    const answers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((id) =>
        create(graph, { id, recognition: { kind: 'client-id', clientIds: ['contested'] } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
    expect(
      answers.filter((answer) => answer.status === 409).every((a) => a.body.code === 'CLIENT_ID_CONFLICT'),
    ).toBe(true);
    const ids = ((await t.call('GET', clients(graph))).body.clients as ClientRecord[]).map((c) => c.id);
    expect(ids).toHaveLength(3);
  });
});
