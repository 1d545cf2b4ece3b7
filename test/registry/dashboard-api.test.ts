// The registry endpoints the dashboard added, on PGlite and PostgreSQL: the diff between any two supergraph
// versions (classified changes, counts, both API schemas) and a coordinate's usage over time per client version.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  uniqueGraphName,
  USERS_SDL,
  USERS_SDL_V2,
  type TestRegistry,
} from '../helpers/registry.js';
import { testUsageBatch } from '../helpers/usage-batch.js';

const T0 = Date.parse('2026-03-10T10:00:00.000Z');
const DAY = 86_400_000;

const usageBatch = (minute: number, client: string, version: string, count: number) =>
  testUsageBatch({ minute, client, version, count, coordinates: { 'User.name': count } });

describeOnDatabases('dashboard endpoints', (storage) => {
  let registry: TestRegistry;
  const graph = uniqueGraphName('dash');
  const base = `/v1/graphs/${graph}/variants/current`;

  beforeAll(async () => {
    registry = await createTestRegistry(storage, { usageClock: () => new Date(T0 + 60_000) });
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    for (const [name, sdl] of [
      ['users', USERS_SDL],
      ['products', PRODUCTS_SDL],
      ['users', USERS_SDL_V2],
    ] as const) {
      const answer = await registry.call('POST', `${base}/subgraphs/${name}`, {
        body: { sdl, routingUrl: `http://${name}.example/graphql` },
      });
      expect(answer.status).toBe(201);
    }
  });
  afterAll(() => registry?.close());

  it('diffs any two versions, in either order, with classified changes and both API schemas', async () => {
    const forward = await registry.call('GET', `${base}/supergraph/diff?from=1&to=3`);
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({
      graph,
      variant: 'current',
      from: { version: 1 },
      to: { version: 3 },
      counts: { breaking: 0, dangerous: 0, safe: 3 },
    });
    const changes = forward.body.changes as { code: string; coordinate: string; severity: string }[];
    expect(changes.map((c) => `${c.severity} ${c.code} ${c.coordinate}`).sort()).toEqual([
      'safe FIELD_ADDED Query.products',
      'safe FIELD_ADDED User.email',
      'safe TYPE_ADDED Product',
    ]);
    expect(forward.body.fromApiSdl).toContain('type User');
    expect(forward.body.fromApiSdl).not.toContain('email');
    expect(forward.body.toApiSdl).toContain('email: String');
    expect(forward.body.toApiSdl).not.toContain('join__');

    const backward = await registry.call('GET', `${base}/supergraph/diff?from=3&to=1`);
    expect(backward.body.counts).toEqual({ breaking: 4, dangerous: 0, safe: 0 });
    expect(backward.body.changes).toContainEqual(
      expect.objectContaining({ code: 'FIELD_REMOVED', coordinate: 'User.email', severity: 'breaking' }),
    );
  });

  it('answers VERSION_NOT_FOUND, UNKNOWN_VARIANT and INVALID_INPUT for a diff it cannot make', async () => {
    expect(await registry.call('GET', `${base}/supergraph/diff?from=1&to=9`)).toMatchObject({
      status: 404,
      body: { code: 'VERSION_NOT_FOUND', version: 9 },
    });
    expect(
      await registry.call('GET', `/v1/graphs/${graph}/variants/nope/supergraph/diff?from=1&to=2`),
    ).toMatchObject({ status: 404, body: { code: 'UNKNOWN_VARIANT' } });
    expect(await registry.call('GET', `${base}/supergraph/diff?from=one&to=2`)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' },
    });
    expect(await registry.call('GET', `${base}/supergraph/diff?from=1&to=2`, { token: null })).toMatchObject({
      status: 401,
    });
  });

  it('gives a coordinate its usage per day and client version', async () => {
    const usageToken = await registry.token('usage' as 'reader');
    for (const [minute, client, version, count] of [
      [T0 - 2 * DAY, 'web', '1.0', 4],
      [T0 - 2 * DAY + 60_000, 'ios', '2.1', 1],
      [T0, 'web', '1.0', 2],
      [T0 - 40 * DAY, 'web', '0.9', 7], // outside the period
    ] as const) {
      const answer = await registry.call('POST', `${base}/usage`, {
        token: usageToken,
        body: usageBatch(minute, client, version, count),
      });
      expect(answer.status).toBeLessThan(300);
    }
    const timeline = await registry.call('GET', `${base}/usage/fields/User.name/timeline?period=30d`);
    expect(timeline.status).toBe(200);
    expect(timeline.body).toMatchObject({ coordinate: 'User.name', period: '30d', bucket: 'day' });
    expect(timeline.body.points).toEqual([
      { bucket: '2026-03-08T00:00:00.000Z', client: 'ios', version: '2.1', count: 1 },
      { bucket: '2026-03-08T00:00:00.000Z', client: 'web', version: '1.0', count: 4 },
      { bucket: '2026-03-10T00:00:00.000Z', client: 'web', version: '1.0', count: 2 },
    ]);
    const hourly = await registry.call('GET', `${base}/usage/fields/User.name/timeline?period=12h`);
    expect(hourly.body).toMatchObject({
      bucket: 'hour',
      points: [{ bucket: '2026-03-10T10:00:00.000Z', client: 'web', version: '1.0', count: 2 }],
    });
    expect(await registry.call('GET', `${base}/usage/fields/nonsense/timeline`)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' },
    });
  });
});
