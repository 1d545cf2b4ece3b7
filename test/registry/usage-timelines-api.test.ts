// `GET …/usage/timelines`: the explorer's sparklines, requests per day of several coordinates at once (all clients
// together), on PGlite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, type TestRegistry } from '../helpers/registry.js';
import { testUsageBatch } from '../helpers/usage-batch.js';

const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { items: [Item!]! }
type Item @key(fields: "id") { id: ID! name: String oldName: String @deprecated(reason: "use name") }
`;
const DAY = 86_400_000;
const T0 = Date.parse('2026-05-10T09:00:00.000Z');

const batch = (minute: number, client: string, coordinates: Record<string, number>) =>
  testUsageBatch({ minute, client, coordinates });

describeOnDatabases('usage timelines API', (storage) => {
  let registry: TestRegistry;
  const graph = uniqueGraphName('timelines');
  const base = `/v1/graphs/${graph}/variants/current`;
  const now = T0 + 2 * DAY;

  beforeAll(async () => {
    registry = await createTestRegistry(storage, { usageClock: () => new Date(now) });
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    await registry.call('POST', `${base}/subgraphs/items`, {
      body: { sdl: SDL, routingUrl: 'http://127.0.0.1:4999/graphql' },
    });
    const usageToken = await registry.token('usage' as 'reader');
    for (const sent of [
      batch(T0, 'web', { 'Query.items': 4, 'Item.oldName': 1 }),
      batch(T0, 'ios', { 'Query.items': 2 }),
      batch(T0 + 2 * DAY, 'web', { 'Query.items': 5, 'Item.oldName': 2 }),
    ]) {
      const answer = await registry.call('POST', `${base}/usage`, { token: usageToken, body: sent });
      expect(answer.status).toBe(202);
    }
  });
  afterAll(() => registry?.close());

  it('answers per day for each coordinate asked, in that order, all clients together, zero for unused ones', async () => {
    const answer = await registry.call(
      'GET',
      `${base}/usage/timelines?period=7d&coordinates=Item.oldName,Query.items,Item.name,Query.items`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      period: '7d',
      bucket: 'day',
      timelines: [
        {
          coordinate: 'Item.oldName',
          total: 3,
          points: [
            { bucket: '2026-05-10T00:00:00.000Z', count: 1 },
            { bucket: '2026-05-12T00:00:00.000Z', count: 2 },
          ],
        },
        {
          coordinate: 'Query.items',
          total: 11,
          points: [
            { bucket: '2026-05-10T00:00:00.000Z', count: 6 },
            { bucket: '2026-05-12T00:00:00.000Z', count: 5 },
          ],
        },
        { coordinate: 'Item.name', total: 0, points: [] },
      ],
    });
  });

  it('refuses a request without coordinates, with too many, or with one that is not a coordinate', async () => {
    for (const query of [
      'coordinates=',
      `coordinates=${Array.from({ length: 201 }, (_, i) => `Item.f${i}`).join(',')}`,
      'coordinates=Item.name,not%20a%20coordinate',
    ]) {
      const answer = await registry.call('GET', `${base}/usage/timelines?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toMatchObject({ code: 'INVALID_INPUT' });
    }
    const missing = await registry.call(
      'GET',
      `/v1/graphs/${graph}/variants/nope/usage/timelines?coordinates=Query.items`,
    );
    expect(missing.status).toBe(404);
  });
});
