// Usage-aware checks over the registry API, on PGlite and PostgreSQL: the settings per graph and variant
// (defaults, partial updates, a variant's own replacing the graph's, reset, validation, admin only, audit), and
// checks that read the usage rollups: a removal nobody used passes, one a client used fails naming it, a required
// input field added is blocked by any use of the input type, `skipUsage` counts every change.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, type TestRegistry } from '../helpers/registry.js';
import { testUsageBatch } from '../helpers/usage-batch.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const SDL = `${LINK}
input Filter { text: String, legacy: Boolean }
type Query { items(filter: Filter): [Item!]! }
type Item @key(fields: "id") { id: ID! name: String oldName: String }
`;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

const batch = (
  coordinates: Record<string, number>,
  client: string,
  version: string,
  persisted: string | null,
) =>
  testUsageBatch({
    minute: T0,
    client,
    version,
    coordinates,
    count: coordinates['Query.items'] ?? 1,
    persistedOperationId: persisted,
  });

describeOnDatabases('usage-aware checks API', (storage) => {
  const now = T0 + 30 * 60_000;
  let registry: TestRegistry;
  const graph = uniqueGraphName('uchecks');
  const variantUrl = `/v1/graphs/${graph}/variants/current`;
  const graphSettings = `/v1/graphs/${graph}/usage-check-settings`;
  const variantSettings = `${variantUrl}/usage-check-settings`;

  beforeAll(async () => {
    registry = await createTestRegistry(storage, { usageClock: () => new Date(now) });
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    const published = await registry.call('POST', `${variantUrl}/subgraphs/items`, {
      body: { sdl: SDL, routingUrl: 'http://127.0.0.1:4999/graphql' },
    });
    expect(published.status).toBeLessThan(300);
    const usageToken = await registry.token('usage' as 'reader');
    for (const sent of [
      batch(
        { 'Query.items': 4, 'Item.oldName': 4, 'Query.items(filter:)': 4, 'Filter.text': 4 },
        'web',
        '1.0',
        null,
      ),
      batch({ 'Query.items': 6, 'Item.id': 6 }, 'ios', '2.0', 'c'.repeat(64)),
    ]) {
      const answer = await registry.call('POST', `${variantUrl}/usage`, { token: usageToken, body: sent });
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    }
  });
  afterAll(() => registry?.close());

  const check = async (sdl: string, extra: Record<string, unknown> = {}) => {
    const answer = await registry.call('POST', `${variantUrl}/checks`, {
      body: { subgraph: 'items', sdl, ...extra },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.check as {
      passed: boolean;
      report: { changes: { code: string; coordinate: string; usage?: Record<string, unknown> }[] };
    };
  };
  const usageOf = (checked: Awaited<ReturnType<typeof check>>, coordinate: string) =>
    checked.report.changes.find((change) => change.coordinate === coordinate)?.usage;

  it('rejects an ill-formed persisted operation id in a usage batch', async () => {
    const usageToken = await registry.token('usage' as 'reader');
    const answer = await registry.call('POST', `${variantUrl}/usage`, {
      token: usageToken,
      body: batch({ 'Query.items': 1 }, 'web', '1.0', 'not-a-hash'),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_INPUT');
  });

  it('passes a removal nobody used, fails one a client used, and blocks a required input field any use of its type', async () => {
    const unused = await check(SDL.replace(' name: String', ''));
    expect(unused.passed).toBe(true);
    expect(usageOf(unused, 'Item.name')).toMatchObject({
      period: '7d',
      requests: 0,
      percentage: 0,
      outcome: 'unused',
      reason: 'no requests used it in the last 7d',
    });

    const used = await check(SDL.replace(' oldName: String', ''));
    expect(used.passed).toBe(false);
    expect(usageOf(used, 'Item.oldName')).toMatchObject({
      requests: 4,
      percentage: 40,
      outcome: 'blocking',
      clients: [
        { clientName: 'web', clientVersion: '1.0', requests: 4, lastSeen: new Date(T0).toISOString() },
      ],
      reason: `used in the last 7d by web 1.0 (4 requests, last seen ${new Date(T0).toISOString()})`,
    });

    const required = await check(SDL.replace('legacy: Boolean', 'legacy: Boolean, must: String!'));
    expect(required.passed).toBe(false);
    expect(usageOf(required, 'Filter.must')).toMatchObject({ outcome: 'blocking', requests: 4 });

    const skipped = await check(SDL.replace(' name: String', ''), { skipUsage: true });
    expect(skipped.passed).toBe(false);
    expect(usageOf(skipped, 'Item.name')).toMatchObject({ outcome: 'skipped' });
  });

  it('keeps settings per graph and per variant, validates them, and lets only admins change them', async () => {
    expect((await registry.call('GET', variantSettings)).body).toEqual({
      usageCheckSettings: {
        graph,
        variant: 'current',
        settings: {
          period: '7d',
          thresholdRequests: 0,
          thresholdPercentage: 0,
          excludedClients: [],
          excludedClientVersions: [],
        },
        source: 'default',
        updatedBy: null,
        updatedAt: null,
      },
    });
    const updated = await registry.call('PUT', graphSettings, {
      body: { thresholdRequests: 4, excludedClientVersions: [{ client: 'ios', version: '2.0' }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.usageCheckSettings).toMatchObject({
      variant: null,
      source: 'graph',
      settings: {
        period: '7d',
        thresholdRequests: 4,
        excludedClientVersions: [{ client: 'ios', version: '2.0' }],
      },
    });
    // 4 requests of 4 (ios excluded from the total): at the count threshold, so below it.
    const within = await check(SDL.replace(' oldName: String', ''));
    expect(within.passed).toBe(true);
    expect(usageOf(within, 'Item.oldName')).toMatchObject({ outcome: 'below-threshold', percentage: 100 });

    const own = await registry.call('PUT', variantSettings, {
      body: { period: '12h', thresholdRequests: 0 },
    });
    expect(own.body.usageCheckSettings).toMatchObject({
      variant: 'current',
      source: 'variant',
      settings: {
        period: '12h',
        thresholdRequests: 0,
        excludedClientVersions: [{ client: 'ios', version: '2.0' }],
      },
    });
    expect(usageOf(await check(SDL.replace(' oldName: String', '')), 'Item.oldName')).toMatchObject({
      period: '12h',
      outcome: 'blocking',
    });
    expect((await registry.call('DELETE', variantSettings)).body.usageCheckSettings).toMatchObject({
      source: 'graph',
    });
    expect((await registry.call('DELETE', graphSettings)).body.usageCheckSettings).toMatchObject({
      source: 'default',
    });

    for (const body of [
      { period: '7w' },
      { thresholdPercentage: 101 },
      { thresholdRequests: -1 },
      { excludedClientVersions: [{ client: 'web' }] },
      { unknown: true },
    ]) {
      const answer = await registry.call('PUT', graphSettings, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('INVALID_INPUT');
    }
    const audit = await registry.call('GET', `${variantUrl}/audit`);
    const actions = (audit.body.entries as { action: string; variant: string | null }[])
      .filter((entry) => entry.action === 'usage-check-settings.changed')
      .map((entry) => entry.variant);
    expect(actions.sort()).toEqual(['current', 'current', null, null]);

    const reader = await registry.token('reader');
    expect((await registry.call('GET', graphSettings, { token: reader })).status).toBe(200);
    expect(
      (await registry.call('PUT', graphSettings, { token: reader, body: { period: '1d' } })).status,
    ).toBe(403);
    expect((await registry.call('GET', '/v1/graphs/nope/usage-check-settings')).body.code).toBe(
      'UNKNOWN_GRAPH',
    );
    expect(
      (await registry.call('GET', `/v1/graphs/${graph}/variants/nope/usage-check-settings`)).body.code,
    ).toBe('UNKNOWN_VARIANT');
  });
});
