// Client consumption in the registry, on PGlite and PostgreSQL: the quota observations of usage batches
// (`quotas`) are stored per graph, client record and quota; the newest observation wins, one arriving late (an
// older batch from a hub's spool) does not move it back; batches of older hubs (no `quotas`) are accepted; the
// client record API shows it with `?include=consumption` (its age on the registry's clock), while the set hubs
// poll keeps its ETag.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnDatabases } from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, type TestRegistry } from '../helpers/registry.js';

const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { items: [Item!]! }
type Item @key(fields: "id") { id: ID! }
`;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

interface Observed {
  client?: string;
  quota?: 'rate' | 'budget';
  remaining: number;
  observedAt: number;
  limit?: number;
  capacity?: number;
  resetInMs?: number;
}

function observation({ client = 'mobile', quota = 'rate', remaining, observedAt, ...rest }: Observed) {
  const limit = rest.limit ?? 10;
  return {
    client,
    quota,
    limit,
    windowSeconds: 3600,
    capacity: rest.capacity ?? limit,
    remaining,
    resetAt: observedAt + (rest.resetInMs ?? 1_080_000),
    observedAt,
  };
}

function batch(quotas?: ReturnType<typeof observation>[]) {
  return { batchId: randomUUID(), dropped: 0, operations: [], entries: [], ...(quotas ? { quotas } : {}) };
}

describeOnDatabases('client consumption', (storage) => {
  let now = T0 + 60_000;
  let registry: TestRegistry;
  let usageToken: string;
  const graph = uniqueGraphName('consumption');
  const variants = `/v1/graphs/${graph}/variants`;
  const clients = `/v1/graphs/${graph}/clients`;

  const send = (body: unknown, variant = 'current') =>
    registry.call('POST', `${variants}/${variant}/usage`, { token: usageToken, body });
  const consumptionOf = async (id: string) => {
    const answer = await registry.call('GET', `${clients}/${id}?include=consumption`);
    expect(answer.status).toBe(200);
    return (answer.body.client as { consumption: Record<string, Record<string, unknown> | null> })
      .consumption;
  };

  beforeAll(async () => {
    registry = await createTestRegistry(storage, { usageClock: () => new Date(now) });
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    for (const variant of ['current', 'staging']) {
      const published = await registry.call('POST', `${variants}/${variant}/subgraphs/items`, {
        body: { sdl: SDL, routingUrl: 'http://127.0.0.1:4999/graphql' },
      });
      expect(published.status).toBeLessThan(300);
    }
    const created = await registry.call('POST', clients, {
      body: {
        id: 'mobile',
        recognition: { kind: 'client-id', clientIds: ['mobile-app'] },
        rate: { requests: 10, windowSeconds: 3600 },
        budget: { points: 1000, windowSeconds: 3600 },
      },
    });
    expect(created.status).toBe(201);
    usageToken = await registry.token('usage' as 'reader');
  });
  afterAll(() => registry?.close());

  it('says nothing was reported before any batch, and accepts batches of older hubs without the field', async () => {
    expect(await consumptionOf('mobile')).toEqual({ rate: null, budget: null });
    expect(await consumptionOf('default')).toEqual({ rate: null, budget: null });
    const old = await send(batch());
    expect(old.status).toBe(202);
    expect(await consumptionOf('mobile')).toEqual({ rate: null, budget: null });
  });

  it('shows the newest observation with its age, and keeps the ETag of the set hubs poll', async () => {
    const plain = await registry.call('GET', clients);
    const etag = plain.headers.etag;
    const observedAt = T0;
    now = T0 + 12_000;
    const answer = await send(
      batch([
        observation({ remaining: 7, observedAt }),
        observation({ quota: 'budget', limit: 1000, remaining: 940, observedAt, resetInMs: 216_000 }),
      ]),
    );
    expect(answer.status).toBe(202);
    const shown = await consumptionOf('mobile');
    expect(shown.budget).toMatchObject({ limit: 1000, remaining: 940, used: 60, ageSeconds: 12 });
    expect(shown).toEqual({
      budget: shown.budget,
      rate: {
        limit: 10,
        windowSeconds: 3600,
        capacity: 10,
        remaining: 7,
        used: 3,
        resetAt: new Date(observedAt + 1_080_000).toISOString(),
        observedAt: new Date(observedAt).toISOString(),
        ageSeconds: 12,
        variant: 'current',
      },
    });
    const listed = await registry.call('GET', `${clients}?include=consumption`);
    expect(listed.status).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    const mobile = (
      listed.body.clients as { id: string; consumption: { rate: { remaining: number } } }[]
    ).find((record) => record.id === 'mobile');
    expect(mobile?.consumption.rate.remaining).toBe(7);
    // What hubs poll has no consumption, and its ETag did not change with the batch.
    const again = await registry.call('GET', clients);
    expect(again.headers.etag).toBe(etag);
    expect((again.body.clients as Record<string, unknown>[]).some((record) => 'consumption' in record)).toBe(
      false,
    );
    const notModified = await registry.call('GET', clients, { headers: { 'if-none-match': String(etag) } });
    expect(notModified.status).toBe(304);
  });

  it('keeps the newest observation when an older one arrives late, and takes a newer one from any variant', async () => {
    now = T0 + 120_000;
    // A hub's spooled batch, observed before the one stored.
    expect((await send(batch([observation({ remaining: 9, observedAt: T0 - 30_000 })]))).status).toBe(202);
    expect((await consumptionOf('mobile')).rate).toMatchObject({ remaining: 7, used: 3 });
    // Within one batch the newest of two observations counts, whatever their order.
    const newer = batch([
      observation({ remaining: 4, observedAt: T0 + 90_000 }),
      observation({ remaining: 5, observedAt: T0 + 80_000 }),
    ]);
    expect((await send(newer, 'staging')).status).toBe(202);
    expect((await consumptionOf('mobile')).rate).toMatchObject({
      remaining: 4,
      used: 6,
      observedAt: new Date(T0 + 90_000).toISOString(),
      ageSeconds: 30,
      variant: 'staging',
    });
    // The budget, not in these batches, is as it was.
    expect((await consumptionOf('mobile')).budget).toMatchObject({ remaining: 940 });
  });

  it('refuses invalid observations, and stores none for clients the graph has no record of', async () => {
    const invalid = await send(batch([observation({ remaining: 11, observedAt: T0 + 100_000 })]));
    expect(invalid.status).toBe(400);
    const tooMany = await send(
      batch(Array.from({ length: 10_001 }, (_, i) => observation({ remaining: 1, observedAt: T0 + i }))),
    );
    expect(tooMany.status).toBe(400);
    expect(
      (await send(batch([observation({ client: 'ghost', remaining: 1, observedAt: T0 + 100_000 })]))).status,
    ).toBe(202);
    // Recorded only once a record exists: creating `ghost` later shows nothing reported.
    await registry.call('POST', clients, {
      body: {
        id: 'ghost',
        recognition: { kind: 'client-id', clientIds: ['ghost-app'] },
        rate: { requests: 5, windowSeconds: 60 },
      },
    });
    expect(await consumptionOf('ghost')).toEqual({ rate: null, budget: null });
    // Reserved records have no row until changed, and are counted like any record.
    await send(
      batch([observation({ client: 'anonymous', limit: 60, remaining: 58, observedAt: T0 + 100_000 })]),
    );
    expect((await consumptionOf('anonymous')).rate).toMatchObject({ limit: 60, remaining: 58, used: 2 });
  });

  it('forgets the consumption of a deleted record', async () => {
    await send(batch([observation({ client: 'ghost', limit: 5, remaining: 2, observedAt: T0 + 110_000 })]));
    expect((await consumptionOf('ghost')).rate).toMatchObject({ remaining: 2 });
    expect((await registry.call('DELETE', `${clients}/ghost`)).status).toBe(200);
    await registry.call('POST', clients, {
      body: { id: 'ghost', recognition: { kind: 'client-id', clientIds: ['ghost-app'] } },
    });
    expect(await consumptionOf('ghost')).toEqual({ rate: null, budget: null });
  });
});
