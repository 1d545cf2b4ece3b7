// The usage API of the registry, on PGlite and PostgreSQL: ingest (usage token role, gzip, validation, a batch
// sent twice counts once), the field report, the deprecation report's verdicts under a controlled clock, unused
// coordinates, denials and retention.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, type TestRegistry } from '../helpers/registry.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const SDL = `${LINK}
enum Sort { NEWEST OLDEST RANDOM @deprecated(reason: "nobody wants it") }
input Filter { text: String, legacy: Boolean @deprecated(reason: "use text") }
type Query {
  items(filter: Filter, sort: Sort, limit: Int @deprecated(reason: "use first")): [Item!]!
}
type Item @key(fields: "id") { id: ID! name: String oldName: String @deprecated(reason: "use name") }
`;

const HASH = 'a'.repeat(64);
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const DAY = 86_400_000;

function batch(
  coordinates: Record<string, number>,
  options: { minute?: number; client?: string; version?: string; denied?: Record<string, number> } = {},
) {
  return {
    batchId: randomUUID(),
    dropped: 0,
    operations: [
      {
        hash: HASH,
        name: 'Items',
        type: 'query',
        signature: 'query Items{items{id name}}',
        coordinates: ['Query.items', 'Item.id'],
      },
    ],
    entries: [
      {
        minute: options.minute ?? T0,
        operation: HASH,
        client: { name: options.client ?? 'demo-app', version: options.version ?? '1.0' },
        verifiedClientId: 'demo-app',
        count: 3,
        ok: 2,
        errors: 0,
        refused: 1,
        refusedBy: { cost: 1 },
        durationMs: 12.5,
        estimatedCost: 30,
        actualCost: 20,
        coordinates,
        denied: options.denied ?? {},
      },
    ],
  };
}

describeOnDatabases('usage API', (storage) => {
  let now = T0 + 60_000;
  let registry: TestRegistry;
  let usageToken: string;
  const graph = uniqueGraphName('usage');
  const base = `/v1/graphs/${graph}/variants/current`;

  beforeAll(async () => {
    registry = await createTestRegistry(storage, { usageClock: () => new Date(now) });
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    const published = await registry.call('POST', `${base}/subgraphs/items`, {
      body: { sdl: SDL, routingUrl: 'http://127.0.0.1:4999/graphql' },
    });
    expect(published.status).toBeLessThan(300);
    usageToken = await registry.token('usage' as 'reader');
  });
  afterAll(() => registry?.close());

  it('accepts a batch from a usage token, counts it once when sent twice, and reports the field per client', async () => {
    const sent = batch({
      'Query.items': 3,
      'Item.id': 3,
      'Query.items(filter:)': 2,
      'Filter.text': 2,
      'Sort.NEWEST': 1,
    });
    const first = await registry.call('POST', `${base}/usage`, { token: usageToken, body: sent });
    expect(first).toMatchObject({ status: 202, body: { batchId: sent.batchId, duplicate: false } });
    const again = await registry.call('POST', `${base}/usage`, { token: usageToken, body: sent });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });

    const report = await registry.call(
      'GET',
      `${base}/usage/fields/${encodeURIComponent('Query.items(filter:)')}`,
    );
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      coordinate: 'Query.items(filter:)',
      total: 2,
      clients: [
        {
          client: 'demo-app',
          version: '1.0',
          count: 2,
          firstSeen: new Date(T0).toISOString(),
          lastSeen: new Date(T0).toISOString(),
        },
      ],
      topOperations: [{ hash: HASH, name: 'Items', type: 'query', count: 3 }],
    });
  });

  it('accepts a gzip body', async () => {
    const sent = batch({ 'Query.items': 1 }, { client: 'ios', version: '2.1' });
    const answer = await registry.registry.app.inject({
      method: 'POST',
      url: `${base}/usage`,
      headers: {
        authorization: `Bearer ${usageToken}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      payload: gzipSync(JSON.stringify(sent)),
    });
    expect(answer.statusCode).toBe(202);
    const report = await registry.call('GET', `${base}/usage/fields/Query.items`);
    expect(report.body).toMatchObject({ total: 4 });
    expect(
      (report.body.clients as { client: string; count: number }[]).map((c) => [c.client, c.count]),
    ).toEqual([
      ['demo-app', 3],
      ['ios', 1],
    ]);
  });

  it('refuses a corrupt gzip body, an invalid batch, and usage tokens anywhere else', async () => {
    const corrupt = await registry.registry.app.inject({
      method: 'POST',
      url: `${base}/usage`,
      headers: {
        authorization: `Bearer ${usageToken}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      payload: Buffer.from('not gzip at all'),
    });
    expect(corrupt.statusCode).toBe(400);
    expect(JSON.parse(corrupt.body)).toMatchObject({ code: 'INVALID_INPUT' });
    const invalid = await registry.call('POST', `${base}/usage`, {
      token: usageToken,
      body: { ...batch({ 'not a coordinate': 1 }), batchId: 'nope' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('INVALID_INPUT');
    const read = await registry.call('GET', `${base}/usage/unused`, { token: usageToken });
    expect(read).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const reader = await registry.token('reader');
    const write = await registry.call('POST', `${base}/usage`, {
      token: reader,
      body: batch({ 'Query.items': 1 }),
    });
    expect(write).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('says which deprecated elements are in use and by whom, then safe to remove once the window passes', async () => {
    await registry.call('POST', `${base}/usage`, {
      token: usageToken,
      body: batch({ 'Item.oldName': 2, 'Filter.legacy': 1 }),
    });
    const report = await registry.call('GET', `${base}/usage/deprecated?period=30d`);
    expect(report.status).toBe(200);
    const verdicts = Object.fromEntries(
      (
        report.body.elements as {
          coordinate: string;
          verdict: { text: string };
          reason: string;
          sinceVersion: number;
        }[]
      ).map((element) => [element.coordinate, [element.verdict.text, element.reason, element.sinceVersion]]),
    );
    expect(verdicts).toEqual({
      'Filter.legacy': ['in use by demo-app 1.0', 'use text', 1],
      'Item.oldName': ['in use by demo-app 1.0', 'use name', 1],
      'Query.items(limit:)': ['safe to remove', 'use first', 1],
      'Sort.RANDOM': ['safe to remove', 'nobody wants it', 1],
    });

    now = T0 + 31 * DAY;
    const later = await registry.call('GET', `${base}/usage/deprecated?period=30d`);
    expect(
      (later.body.elements as { verdict: { safeToRemove: boolean } }[]).every(
        (element) => element.verdict.safeToRemove,
      ),
    ).toBe(true);
    // Last seen outlives the window: the field report over a longer period still names the client.
    const field = await registry.call('GET', `${base}/usage/fields/Item.oldName?period=60d`);
    expect(field.body).toMatchObject({
      total: 2,
      clients: [{ client: 'demo-app', lastSeen: new Date(T0).toISOString() }],
    });
    now = T0 + 60_000;
  });

  it('lists unused coordinates and denials per coordinate and client', async () => {
    await registry.call('POST', `${base}/usage`, {
      token: usageToken,
      body: batch({ 'Query.items': 1 }, { client: 'web', version: '3', denied: { 'Item.name': 4 } }),
    });
    const unused = await registry.call('GET', `${base}/usage/unused`);
    expect(unused.status).toBe(200);
    expect(unused.body.unused).toContain('Sort.RANDOM');
    expect(unused.body.unused).toContain('Query.items(limit:)');
    expect(unused.body.unused).not.toContain('Query.items');
    const denials = await registry.call('GET', `${base}/usage/denials?period=7d`);
    expect(denials.body.denials).toEqual([
      {
        coordinate: 'Item.name',
        client: 'web',
        version: '3',
        count: 4,
        lastDenied: new Date(T0).toISOString(),
      },
    ]);
    const bad = await registry.call('GET', `${base}/usage/denials?period=forever`);
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
  });

  it('prunes the hourly rollups after their retention and keeps the daily one', async () => {
    now = T0 + 40 * DAY;
    const deleted = await registry.registry.pruneUsage();
    expect(deleted['usage_coordinate_hours']).toBeGreaterThan(0);
    expect(deleted['usage_coordinate_days']).toBe(0);
    const field = await registry.call('GET', `${base}/usage/fields/Query.items?period=60d`);
    // The daily rollups still count it and its operations; the hourly ones are gone with their retention.
    expect(field.body).toMatchObject({ total: 5, topOperations: [{ hash: HASH, name: 'Items', count: 12 }] });
    const hourly = await registry.call('GET', `${base}/usage/fields/Query.items?period=24h`);
    expect(hourly.body).toMatchObject({ total: 0, topOperations: [] });
    now = T0 + 60_000;
  });

  it('dates a deprecation from the changelog: since the version that deprecated it', async () => {
    const deprecatedName = SDL.replace('name: String', 'name: String @deprecated(reason: "use title")');
    const published = await registry.call('POST', `${base}/subgraphs/items`, {
      body: { sdl: deprecatedName, routingUrl: 'http://127.0.0.1:4999/graphql' },
    });
    expect(published.status).toBeLessThan(300);
    const report = await registry.call('GET', `${base}/usage/deprecated`);
    const elements = report.body.elements as { coordinate: string; sinceVersion: number }[];
    expect(report.body.supergraphVersion).toBe(2);
    expect(elements.find((element) => element.coordinate === 'Item.name')?.sinceVersion).toBe(2);
    expect(elements.find((element) => element.coordinate === 'Item.oldName')?.sinceVersion).toBe(1);
  });
});
