// Webhooks across a registry restart (a pending delivery is resumed by the next registry on the same storage)
// and the deprecated.safe_to_remove evaluator under a controlled usage clock: fired once when an element goes
// from in use to safe, not for elements that were safe from the start, not again on the next evaluation; and the
// pruning of old deliveries.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRegistry, type Registry } from '../../registry/server.js';
import {
  insertDelivery,
  insertWebhook,
  listDeliveries,
  pruneDeliveries,
  recordAttempt,
} from '../../registry/storage/repositories/webhooks.js';
import {
  createThrowawayPostgresDatabase,
  describeOnDatabases,
  type StorageOptions,
} from '../helpers/databases.js';
import { createTestRegistry, uniqueGraphName, USERS_SDL, type TestRegistry } from '../helpers/registry.js';
import { waitFor } from '../helpers/wait.js';
import { receiverVerifies, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

interface Delivery {
  eventType: string;
  status: string;
  attempts: { attempt: number; statusCode: number | null; error: string | null }[];
}

async function call(
  registry: Registry,
  token: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
) {
  const response = await registry.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describeOnDatabases('webhooks across a restart', (storage) => {
  let receiver: WebhookReceiver;
  let location: { options: StorageOptions; cleanup(): Promise<void> };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // Storage of its own, so that no other registry of this file delivers what the stopped one left.
    if (storage.kind === 'pglite') {
      const dir = await mkdtemp(join(tmpdir(), 'atrium-webhooks-'));
      location = { options: { dataDir: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
    } else {
      const database = await createThrowawayPostgresDatabase();
      location = { options: { databaseUrl: database.url }, cleanup: () => database.drop() };
    }
  });
  afterAll(async () => {
    await receiver?.close();
    await location?.cleanup();
  });

  it('resumes a pending delivery after the registry restarts', async () => {
    const webhooks = { retryBaseMs: 2_000, retryMaxMs: 2_000, pollIntervalMs: 200 };
    const first = await createRegistry({ ...location.options, logger: false, webhooks });
    const token = first.initialAdminToken ?? '';
    let secret: string | undefined;
    let id = '';
    try {
      await call(first, token, 'POST', '/v1/graphs', { name: 'shop' });
      const created = await call(first, token, 'POST', '/v1/graphs/shop/webhooks', {
        url: `${receiver.url}/hook`,
      });
      secret = created.body.secret as string;
      id = (created.body.webhook as { id: string }).id;
      receiver.respond(() => 503);
      await call(first, token, 'POST', '/v1/graphs/shop/variants/current/subgraphs/users', {
        sdl: USERS_SDL,
        routingUrl: 'http://127.0.0.1:4001/graphql',
      });
      await receiver.waitForRequests(1, 'supergraph.published');
      await waitFor(async () => {
        const log = await call(first, token, 'GET', `/v1/graphs/shop/webhooks/${id}/deliveries`);
        const [delivery] = log.body.deliveries as Delivery[];
        return delivery?.attempts.length === 1 ? delivery : undefined;
      });
    } finally {
      // Stopped while the retry is pending (it is due 1–2 s after the first attempt).
      await first.close();
    }
    expect(receiver.requests).toHaveLength(1);

    receiver.respond(() => 200);
    const second = await createRegistry({ ...location.options, logger: false, webhooks });
    try {
      const delivery = await waitFor(async () => {
        const log = await call(second, token, 'GET', `/v1/graphs/shop/webhooks/${id}/deliveries`);
        return (log.body.deliveries as Delivery[]).find((d) => d.status === 'delivered');
      });
      expect(delivery.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 503],
        [2, 200],
      ]);
      expect(receiver.requests.map((r) => r.headers['atrium-attempt'])).toEqual(['1', '2']);
      expect(receiver.requests[0]?.body).toBe(receiver.requests[1]?.body);
      const last = receiver.requests[1];
      expect(last && receiverVerifies(secret ?? '', last, Math.floor(Date.now() / 1000))).toBe(true);
    } finally {
      await second.close();
    }
  });
});

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const DEPRECATED_SDL = `${LINK}
type Query { items: [Item!]! }
type Item @key(fields: "id") {
  id: ID!
  name: String
  oldName: String @deprecated(reason: "use name")
  legacyCode: String @deprecated(reason: "gone")
}
`;
const HASH = 'b'.repeat(64);
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const DAY = 86_400_000;

function usageBatch(coordinates: Record<string, number>) {
  return {
    batchId: randomUUID(),
    dropped: 0,
    operations: [
      {
        hash: HASH,
        name: 'Items',
        type: 'query',
        signature: 'query Items{items{id oldName}}',
        coordinates: ['Query.items'],
      },
    ],
    entries: [
      {
        minute: T0,
        operation: HASH,
        client: { name: 'web', version: '2.1' },
        verifiedClientId: null,
        count: 4,
        ok: 4,
        errors: 0,
        refused: 0,
        refusedBy: {},
        durationMs: 3,
        estimatedCost: 1,
        actualCost: 1,
        coordinates,
        denied: {},
      },
    ],
  };
}

describeOnDatabases('webhooks: deprecated.safe_to_remove', (storage) => {
  let now = T0 + 60_000;
  let registry: TestRegistry;
  let receiver: WebhookReceiver;
  const graph = uniqueGraphName('deprecations');
  const base = `/v1/graphs/${graph}/variants/current`;
  let id = '';

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    registry = await createTestRegistry(storage, {
      usageClock: () => new Date(now),
      webhooks: { pollIntervalMs: 200 },
    });
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    await registry.call('POST', `${base}/subgraphs/items`, {
      body: { sdl: DEPRECATED_SDL, routingUrl: 'http://127.0.0.1:4999/graphql' },
    });
    const created = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
      body: { url: `${receiver.url}/deprecations`, events: ['deprecated.safe_to_remove'] },
    });
    expect(created.status).toBe(201);
    id = (created.body.webhook as { id: string }).id;
  });
  afterAll(async () => {
    await registry?.close();
    await receiver?.close();
  });

  it('fires once when a deprecated field used by a client becomes safe to remove', async () => {
    const usageToken = await registry.token('usage' as 'reader');
    const ingested = await registry.call('POST', `${base}/usage`, {
      token: usageToken,
      body: usageBatch({ 'Query.items': 4, 'Item.oldName': 4 }),
    });
    expect(ingested.status).toBeLessThan(300);

    // The first evaluation records the verdicts: oldName in use, legacyCode safe (never seen in use: no event).
    expect(await registry.registry.evaluateDeprecations()).toBe(0);
    now = T0 + 10 * DAY;
    expect(await registry.registry.evaluateDeprecations()).toBe(0);

    // Thirty days after the last use, oldName is safe to remove.
    now = T0 + 31 * DAY;
    expect(await registry.registry.evaluateDeprecations()).toBe(1);
    const [request] = await receiver.waitForRequests(1, 'deprecated.safe_to_remove');
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      type: 'deprecated.safe_to_remove',
      graph,
      variant: 'current',
      timestamp: new Date(T0 + 31 * DAY).toISOString(),
      data: {
        coordinate: 'Item.oldName',
        kind: 'field',
        deprecationReason: 'use name',
        deprecatedSinceVersion: 1,
        supergraphVersion: 1,
        period: '30d',
      },
      text: `[${graph}@current] deprecated Item.oldName is safe to remove: no use in the last 30d`,
    });

    // Once per transition: the next evaluations find nothing new.
    expect(await registry.registry.evaluateDeprecations()).toBe(0);
    now = T0 + 40 * DAY;
    expect(await registry.registry.evaluateDeprecations()).toBe(0);
    const log = await registry.call('GET', `/v1/graphs/${graph}/webhooks/${id}/deliveries`);
    expect((log.body.deliveries as Delivery[]).map((d) => d.eventType)).toEqual([
      'deprecated.safe_to_remove',
    ]);
  });
});

describeOnDatabases('webhooks: delivery retention', (storage) => {
  it('prunes delivered and failed deliveries completed before the cutoff, never pending ones', async () => {
    const db = await storage.open();
    try {
      const name = uniqueGraphName('retention');
      const [graph] = await db.query<{ id: number }>('INSERT INTO graphs (name) VALUES ($1) RETURNING id', [
        name,
      ]);
      const webhook = await insertWebhook(db, {
        id: randomUUID(),
        graphId: graph?.id ?? 0,
        variant: null,
        url: 'https://hooks.example.com/x',
        events: ['check.failed'],
        secret: 'whsec_x',
        description: null,
        createdBy: 'test',
      });
      const event = { eventType: 'webhook.ping', payload: '{}', dueAt: new Date().toISOString() };
      const done = await insertDelivery(db, webhook.id, { ...event, eventId: randomUUID() });
      const failed = await insertDelivery(db, webhook.id, { ...event, eventId: randomUUID() });
      await insertDelivery(db, webhook.id, { ...event, eventId: randomUUID() });
      const attempt = { attempt: 1, startedAt: new Date().toISOString(), durationMs: 3, error: null };
      await recordAttempt(db, done, { ...attempt, statusCode: 200 }, { status: 'delivered' });
      await recordAttempt(db, failed, { ...attempt, statusCode: 404 }, { status: 'failed' });

      expect(await pruneDeliveries(db, new Date(Date.now() - DAY).toISOString())).toBe(0);
      expect(await pruneDeliveries(db, new Date(Date.now() + DAY).toISOString())).toBe(2);
      expect((await listDeliveries(db, webhook.id, 10)).map((d) => d.status)).toEqual(['pending']);
    } finally {
      await db.close();
    }
  });
});
