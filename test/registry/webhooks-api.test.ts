// Webhooks against a real receiver on 127.0.0.1, on PGlite and PostgreSQL: delivery on publish, on a failed
// check, on an approval and a forced publish; the receiver verifies the signature with the secret shown once;
// retries after a 500 with the attempts in the delivery log; a 404 is not retried; a receiver that never answers
// hits the per-attempt deadline; who may manage webhooks; which targets are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../registry/webhooks/signature.js';
import { describeOnDatabases } from '../helpers/databases.js';
import { startHangingServer, type HangingServer } from '../helpers/hanging-server.js';
import {
  createTestRegistry,
  PRODUCTS_SDL,
  uniqueGraphName,
  USERS_SDL,
  type TestRegistry,
} from '../helpers/registry.js';
import { waitFor } from '../helpers/wait.js';
import { receiverVerifies, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
/** USERS_SDL without `User.name`: a breaking change. */
const USERS_WITHOUT_NAME = `${LINK}
type Query { me: User }
type User @key(fields: "id") { id: ID! }
`;
const ROUTING_URL = 'http://127.0.0.1:4001/graphql';
const ATTEMPT_TIMEOUT_MS = 400;

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: { attempt: number; statusCode: number | null; error: string | null; durationMs: number }[];
}

interface Payload {
  id: string;
  type: string;
  timestamp: string;
  graph: string;
  variant: string | null;
  data: Record<string, unknown>;
  text: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describeOnDatabases('webhooks', (storage) => {
  let registry: TestRegistry;
  let receiver: WebhookReceiver;
  let hanging: HangingServer;

  beforeAll(async () => {
    registry = await createTestRegistry(storage, {
      webhooks: {
        maxAttempts: 3,
        attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
        retryBaseMs: 40,
        retryMaxMs: 100,
        pollIntervalMs: 200,
      },
    });
    receiver = await startWebhookReceiver();
    hanging = await startHangingServer('silent');
  });
  afterAll(async () => {
    await registry?.close();
    await receiver?.close();
    await hanging?.close();
  });

  /** A graph with one webhook to the receiver at `path`; its id and secret. */
  async function graphWithWebhook(
    body: Record<string, unknown> = {},
  ): Promise<{ graph: string; id: string; secret: string; path: string }> {
    const graph = uniqueGraphName('hooks');
    expect((await registry.call('POST', '/v1/graphs', { body: { name: graph } })).status).toBe(201);
    const path = `/${graph}`;
    const created = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
      body: { url: `${receiver.url}${path}`, ...body },
    });
    expect(created.status).toBe(201);
    const webhook = created.body.webhook as { id: string };
    return { graph, id: webhook.id, secret: created.body.secret as string, path };
  }

  function requestsTo(path: string, type: string) {
    return waitFor(
      () => {
        const found = receiver.requests.filter(
          (request) => request.path === path && request.headers['atrium-event'] === type,
        );
        return found.length > 0 ? found : undefined;
      },
      { what: `a ${type} request to ${path}` },
    );
  }

  async function deliveries(graph: string, id: string): Promise<Delivery[]> {
    const answer = await registry.call('GET', `/v1/graphs/${graph}/webhooks/${id}/deliveries`);
    expect(answer.status).toBe(200);
    return answer.body.deliveries as Delivery[];
  }

  function settled(graph: string, id: string, type: string): Promise<Delivery> {
    return waitFor(
      async () => (await deliveries(graph, id)).find((d) => d.eventType === type && d.status !== 'pending'),
      { what: `a settled ${type} delivery` },
    );
  }

  it('delivers supergraph.published on publish, signed with the secret that only the create answer shows', async () => {
    const { graph, id, secret, path } = await graphWithWebhook();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await registry.call('GET', `/v1/graphs/${graph}/webhooks`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.webhooks).toEqual([
      expect.objectContaining({
        id,
        graph,
        variant: null,
        url: `${receiver.url}${path}`,
        events: [
          'supergraph.published',
          'check.failed',
          'change.approved',
          'change.forced',
          'deprecated.safe_to_remove',
        ],
      }),
    ]);

    const published = await registry.call('POST', `/v1/graphs/${graph}/variants/current/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: ROUTING_URL },
    });
    expect(published.status).toBe(201);

    const [request] = await requestsTo(path, 'supergraph.published');
    const header = request?.headers['atrium-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(request && receiverVerifies(secret, request, nowSeconds())).toBe(true);
    expect(request && receiverVerifies('whsec_wrong', request, nowSeconds())).toBe(false);
    // The registry's own verifier (the model of the docs' example) agrees.
    expect(verifySignature(secret, request?.body ?? '', header, nowSeconds())).toMatchObject({ valid: true });
    expect(verifySignature('whsec_wrong', request?.body ?? '', header, nowSeconds())).toEqual({
      valid: false,
      why: 'mismatch',
    });
    expect(verifySignature(secret, `${request?.body} `, header, nowSeconds())).toEqual({
      valid: false,
      why: 'mismatch',
    });
    // A replay long after the timestamp is refused by the tolerance.
    expect(verifySignature(secret, request?.body ?? '', header, nowSeconds() + 3600)).toEqual({
      valid: false,
      why: 'too-old',
    });

    const payload = JSON.parse(request?.body ?? '{}') as Payload;
    expect(Object.keys(payload)).toEqual(['id', 'type', 'timestamp', 'graph', 'variant', 'data', 'text']);
    expect(payload).toMatchObject({
      type: 'supergraph.published',
      graph,
      variant: 'current',
      data: {
        version: 1,
        publishedBy: 'initial-admin',
        change: { action: 'publish', subgraph: 'users' },
        subgraphs: ['users'],
        bypass: null,
      },
      text: `[${graph}@current] supergraph v1 published by initial-admin, publishing users`,
    });
    expect(request?.headers['atrium-event-id']).toBe(payload.id);
    expect(Date.parse(payload.timestamp)).toBeGreaterThan(Date.now() - 60_000);

    const delivery = await settled(graph, id, 'supergraph.published');
    expect(delivery).toMatchObject({ eventId: payload.id, status: 'delivered' });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null }),
    ]);
  });

  it('delivers check.failed for a breaking check, change.approved when it is approved, change.forced for a forced publish', async () => {
    const { graph, secret, path } = await graphWithWebhook({ variant: 'current' });
    const base = `/v1/graphs/${graph}/variants/current`;
    await registry.call('POST', `${base}/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: ROUTING_URL },
    });

    const checked = await registry.call('POST', `${base}/checks`, {
      body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME },
    });
    expect(checked.status).toBe(201);
    const checkId = (checked.body.check as { id: string }).id;
    const [failed] = await requestsTo(path, 'check.failed');
    expect(failed && receiverVerifies(secret, failed, nowSeconds())).toBe(true);
    expect(JSON.parse(failed?.body ?? '{}')).toMatchObject({
      type: 'check.failed',
      graph,
      variant: 'current',
      data: {
        checkId,
        subgraph: 'users',
        origin: 'check',
        counts: { breaking: 1 },
        failedBecause: ['breaking'],
      },
      text: `[${graph}@current] check of users failed: 1 breaking, 0 dangerous; check ${checkId}`,
    });

    const approved = await registry.call('POST', `/v1/checks/${checkId}/approve`, {
      body: { reason: 'clients moved to displayName <!channel> & co' },
    });
    expect(approved.status).toBe(200);
    const [approval] = await requestsTo(path, 'change.approved');
    expect(JSON.parse(approval?.body ?? '{}')).toMatchObject({
      type: 'change.approved',
      data: { checkId, approvedBy: 'initial-admin', reason: 'clients moved to displayName <!channel> & co' },
      // Escaped for Slack: the reason shows as written and notifies nobody.
      text: `[${graph}@current] initial-admin approved the failed check of users (1 breaking, 0 dangerous): clients moved to displayName &lt;!channel&gt; &amp; co; check ${checkId}`,
    });

    // A different breaking change than the approved one, forced through.
    const forced = await registry.call('POST', `${base}/subgraphs/users`, {
      body: {
        sdl: `${LINK}\ntype Query { me: User }\ntype User @key(fields: "id") { id: ID! nick: String }\n`,
        routingUrl: ROUTING_URL,
        force: true,
        reason: 'hotfix',
      },
    });
    expect(forced.status).toBe(201);
    const [forcedEvent] = await requestsTo(path, 'change.forced');
    expect(JSON.parse(forcedEvent?.body ?? '{}')).toMatchObject({
      type: 'change.forced',
      data: {
        action: 'publish',
        subgraphs: ['users'],
        forcedBy: 'initial-admin',
        reason: 'hotfix',
        version: 2,
      },
      text: expect.stringContaining(
        `[${graph}@current] initial-admin forced the publish of users through a failed check: hotfix`,
      ) as string,
    });
    const published = await waitFor(() => {
      const found = receiver.requests.filter(
        (r) => r.path === path && r.headers['atrium-event'] === 'supergraph.published',
      );
      return found.length >= 2 ? found : undefined;
    });
    expect(JSON.parse(published[1]?.body ?? '{}')).toMatchObject({
      data: { version: 2, bypass: { kind: 'forced', by: 'initial-admin', reason: 'hotfix' } },
    });
  });

  it('reports a blocked publish, a forced batch publish and forced deletes down to the last subgraph', async () => {
    const { graph, path } = await graphWithWebhook();
    const base = `/v1/graphs/${graph}/variants/current`;
    await registry.call('POST', `${base}/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: ROUTING_URL },
    });

    const blocked = await registry.call('POST', `${base}/subgraphs/users`, {
      body: { sdl: USERS_WITHOUT_NAME, routingUrl: ROUTING_URL },
    });
    expect(blocked.body.code).toBe('BREAKING_CHANGES');
    const [failed] = await requestsTo(path, 'check.failed');
    expect(JSON.parse(failed?.body ?? '{}')).toMatchObject({
      data: { checkId: blocked.body.checkId, origin: 'publish' },
      text: expect.stringContaining('(the publish was blocked)') as string,
    });

    const batch = await registry.call('POST', `${base}/subgraphs`, {
      body: {
        subgraphs: [
          { name: 'users', sdl: USERS_WITHOUT_NAME, routingUrl: ROUTING_URL },
          { name: 'products', sdl: PRODUCTS_SDL, routingUrl: ROUTING_URL },
        ],
        force: true,
        reason: 'release train',
      },
    });
    expect(batch.status).toBe(201);
    const [forced] = await requestsTo(path, 'change.forced');
    expect(JSON.parse(forced?.body ?? '{}')).toMatchObject({
      // Each check of a batch reports the changes of the whole batch: both went through by force.
      data: { action: 'publish', subgraphs: ['users', 'products'], reason: 'release train', version: 2 },
    });

    const cleanup = { force: true, reason: 'cleanup' };
    expect((await registry.call('DELETE', `${base}/subgraphs/products`, { body: cleanup })).status).toBe(200);
    const emptied = await registry.call('DELETE', `${base}/subgraphs/users`, { body: cleanup });
    expect(emptied.status).toBe(200);
    const forcedDeletes = await waitFor(() => {
      const found = receiver.requests.filter(
        (r) => r.path === path && r.headers['atrium-event'] === 'change.forced',
      );
      return found.length >= 3 ? found.slice(1).map((r) => JSON.parse(r.body) as Payload) : undefined;
    });
    expect(forcedDeletes.map((p) => [p.data.action, p.data.subgraphs, p.data.version])).toEqual([
      ['delete', ['products'], 3],
      ['delete', ['users'], null],
    ]);
    const published = await waitFor(() => {
      const found = receiver.requests.filter(
        (r) => r.path === path && r.headers['atrium-event'] === 'supergraph.published',
      );
      return found.length >= 4 ? found.map((r) => JSON.parse(r.body) as Payload) : undefined;
    });
    expect(published.map((p) => [p.data.version, p.data.change])).toEqual([
      [1, { action: 'publish', subgraph: 'users' }],
      [2, { action: 'publish', subgraph: 'products', subgraphs: ['products', 'users'] }],
      [3, { action: 'delete', subgraph: 'products' }],
      [null, { action: 'delete', subgraph: 'users' }],
    ]);
    expect(published[3]?.text).toBe(
      `[${graph}@current] the last subgraph (users) was deleted by initial-admin: the variant has no supergraph`,
    );
  });

  it('sends only the events a webhook subscribed to, and only for its variant', async () => {
    const { graph, id, path } = await graphWithWebhook({ events: ['check.failed'], variant: 'staging' });
    await registry.call('POST', `/v1/graphs/${graph}/variants/current/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: ROUTING_URL },
    });
    await registry.call('POST', `/v1/graphs/${graph}/variants/staging/subgraphs/users`, {
      body: { sdl: USERS_SDL, routingUrl: ROUTING_URL },
    });
    await registry.call('POST', `/v1/graphs/${graph}/variants/current/checks`, {
      body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME },
    });
    await registry.call('POST', `/v1/graphs/${graph}/variants/staging/checks`, {
      body: { subgraph: 'users', sdl: USERS_WITHOUT_NAME },
    });
    const [failed] = await requestsTo(path, 'check.failed');
    expect(JSON.parse(failed?.body ?? '{}')).toMatchObject({ variant: 'staging' });
    // The delivery log is written when the event is: only the staging check made one.
    expect((await deliveries(graph, id)).map((d) => d.eventType)).toEqual(['check.failed']);
  });

  it('retries after a 500 and logs both attempts; a 404 is not retried', async () => {
    const { graph, id, secret, path } = await graphWithWebhook();
    let calls = 0;
    receiver.respond((request) => {
      if (request.path !== path) return 200;
      calls += 1;
      return calls === 1 ? 500 : 200;
    });
    try {
      const ping = await registry.call('POST', `/v1/graphs/${graph}/webhooks/${id}/test`);
      expect(ping.status).toBe(202);
      const delivery = await settled(graph, id, 'webhook.ping');
      expect(delivery.status).toBe('delivered');
      expect(delivery.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
        [1, 500, null],
        [2, 200, null],
      ]);
      const pings = receiver.requests.filter((r) => r.path === path);
      expect(pings.map((r) => r.headers['atrium-attempt'])).toEqual(['1', '2']);
      // The same event (and body) each time, signed anew.
      expect(new Set(pings.map((r) => r.body)).size).toBe(1);
      for (const r of pings) {
        expect(receiverVerifies(secret, r, nowSeconds())).toBe(true);
      }

      receiver.respond((request) => (request.path === path ? 404 : 200));
      await registry.call('POST', `/v1/graphs/${graph}/webhooks/${id}/test`);
      const refused = await waitFor(async () =>
        (await deliveries(graph, id)).find((d) => d.status === 'failed'),
      );
      expect(refused.attempts.map((a) => a.statusCode)).toEqual([404]);
    } finally {
      receiver.respond(() => 200);
    }
  });

  it('gives up on a receiver that never answers after each attempt hits its deadline', async () => {
    const graph = uniqueGraphName('hooks');
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    const created = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
      body: { url: hanging.url },
    });
    expect(created.status).toBe(201);
    const id = (created.body.webhook as { id: string }).id;
    await registry.call('POST', `/v1/graphs/${graph}/webhooks/${id}/test`);
    const delivery = await waitFor(
      async () => (await deliveries(graph, id)).find((d) => d.status === 'failed'),
      { timeoutMs: 15_000, what: 'the hanging delivery to fail' },
    );
    expect(delivery.attempts.map((a) => a.error)).toEqual([
      `timeout: no complete answer within ${ATTEMPT_TIMEOUT_MS} ms`,
      `timeout: no complete answer within ${ATTEMPT_TIMEOUT_MS} ms`,
      `timeout: no complete answer within ${ATTEMPT_TIMEOUT_MS} ms`,
    ]);
    expect(
      delivery.attempts.every((a) => a.statusCode === null && a.durationMs >= ATTEMPT_TIMEOUT_MS - 5),
    ).toBe(true);
    expect(hanging.connections).toBeGreaterThanOrEqual(3);
  });

  it('lets admins and publishers not limited to subgraphs manage webhooks, not readers', async () => {
    const { graph, id } = await graphWithWebhook();
    const reader = await registry.token('reader');
    const limited = await registry.token('publisher', ['users']);
    const publisher = await registry.token('publisher');
    for (const token of [reader, limited]) {
      const listed = await registry.call('GET', `/v1/graphs/${graph}/webhooks`, { token });
      expect(listed.status).toBe(403);
      expect(listed.body.code).toBe('FORBIDDEN');
    }
    const deliveryLog = await registry.call('GET', `/v1/graphs/${graph}/webhooks/${id}/deliveries`, {
      token: reader,
    });
    expect(deliveryLog.status).toBe(403);
    const created = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
      token: publisher,
      body: { url: 'https://hooks.example.com/atrium', events: ['check.failed'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhook).toMatchObject({ createdBy: 'publisher-3', events: ['check.failed'] });
    const deleted = await registry.call('DELETE', `/v1/graphs/${graph}/webhooks/${id}`, { token: publisher });
    expect(deleted.status).toBe(200);
    const again = await registry.call('DELETE', `/v1/graphs/${graph}/webhooks/${id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('WEBHOOK_NOT_FOUND');

    // Who subscribed what is in the registry audit log, with the target's origin only.
    const audit = await registry.call('GET', `/v1/audit?graph=${graph}`);
    const entries = (
      audit.body.entries as { action: string; actor: string; details: Record<string, unknown> }[]
    ).map((entry) => [entry.action, entry.actor, entry.details.target, entry.details.webhookId === id]);
    expect(entries).toEqual([
      ['webhook.deleted', 'publisher-3', receiver.url, true],
      ['webhook.created', 'publisher-3', 'https://hooks.example.com', false],
      ['webhook.created', 'initial-admin', receiver.url, true],
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('/atrium');
  });

  it('bounds the webhooks of a graph', async () => {
    const graph = uniqueGraphName('hooks');
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    for (let n = 0; n < 20; n++) {
      const created = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
        body: { url: `https://hooks.example.com/${n}` },
      });
      expect(created.status).toBe(201);
    }
    const refused = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
      body: { url: 'https://hooks.example.com/21' },
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'WEBHOOK_LIMIT_REACHED', graph, limit: 20 } });
    expect((await registry.call('GET', `/v1/graphs/${graph}/webhooks`)).body.webhooks).toHaveLength(20);
  });

  it('refuses targets that are not https, carry credentials or are private or link-local addresses', async () => {
    const graph = uniqueGraphName('hooks');
    await registry.call('POST', '/v1/graphs', { body: { name: graph } });
    const refused = {
      'http://hooks.example.com/x': 'must be https:',
      'https://10.1.2.3/x': 'address 10.1.2.3 is in the denied range 10.0.0.0/8',
      'https://169.254.169.254/latest': 'address 169.254.169.254 is in the denied range 169.254.0.0/16',
      'https://[::ffff:192.168.1.1]/x': 'in the denied range 192.168.0.0/16',
      'https://[fe80::1]/x': 'in the denied range fe80::/10',
      'https://user:pw@hooks.example.com/x': 'must not contain credentials',
      'ftp://hooks.example.com/x': 'must be an https: (or http:) URL',
    };
    for (const [url, problem] of Object.entries(refused)) {
      const answer = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, { body: { url } });
      expect({ url, status: answer.status, code: answer.body.code }).toEqual({
        url,
        status: 400,
        code: 'WEBHOOK_TARGET_DENIED',
      });
      expect(answer.body.problem).toContain(problem);
    }
    const unknownEvent = await registry.call('POST', `/v1/graphs/${graph}/webhooks`, {
      body: { url: 'https://hooks.example.com/x', events: ['supergraph.deleted'] },
    });
    expect(unknownEvent.status).toBe(400);
    expect(unknownEvent.body.code).toBe('INVALID_INPUT');
    expect((await registry.call('GET', `/v1/graphs/${graph}/webhooks`)).body.webhooks).toEqual([]);
  });
});

describe('webhook queue', () => {
  it('delivers events queued in a burst at once, without waiting for the poll interval', async () => {
    const receiver = await startWebhookReceiver();
    // An hour between polls: only the wake of each stored event can get it delivered within the test.
    const registry = await createTestRegistry(
      {
        kind: 'pglite',
        options: () => ({ dataDir: 'memory://' }),
        open: () => Promise.reject(new Error('unused')),
      },
      { webhooks: { pollIntervalMs: 3_600_000, concurrency: 2 } },
    );
    try {
      await registry.call('POST', '/v1/graphs', { body: { name: 'burst' } });
      const created = await registry.call('POST', '/v1/graphs/burst/webhooks', {
        body: { url: receiver.url },
      });
      const id = (created.body.webhook as { id: string }).id;
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          Array.from({ length: 6 }, () => registry.call('POST', `/v1/graphs/burst/webhooks/${id}/test`)),
        );
        await receiver.waitForRequests((round + 1) * 6, 'webhook.ping');
      }
      expect(new Set(receiver.requests.map((r) => r.headers['atrium-event-id'])).size).toBe(30);
    } finally {
      await registry.close();
      await receiver.close();
    }
  });
});

describe('webhook secrets sealed at rest', () => {
  it('stores the secret sealed with ATRIUM_WEBHOOK_SECRET_KEY and still signs with it', async () => {
    const receiver = await startWebhookReceiver();
    const registry = await createTestRegistry(
      {
        kind: 'pglite',
        options: () => ({ dataDir: 'memory://' }),
        open: () => Promise.reject(new Error('unused')),
      },
      { webhooks: { secretKey: 'k'.repeat(43), pollIntervalMs: 200 } },
    );
    try {
      await registry.call('POST', '/v1/graphs', { body: { name: 'sealed' } });
      const created = await registry.call('POST', '/v1/graphs/sealed/webhooks', {
        body: { url: receiver.url },
      });
      const secret = created.body.secret as string;
      const id = (created.body.webhook as { id: string }).id;
      const [row] = await registry.registry.db.query<{ secret: string }>(
        'SELECT secret FROM webhooks WHERE id = $1',
        [id],
      );
      expect(row?.secret).toMatch(/^aes256gcm:v1:/);
      expect(row?.secret).not.toContain(secret.slice('whsec_'.length));
      await registry.call('POST', `/v1/graphs/sealed/webhooks/${id}/test`);
      const [ping] = await receiver.waitForRequests(1, 'webhook.ping');
      expect(ping && receiverVerifies(secret, ping, Math.floor(Date.now() / 1000))).toBe(true);
    } finally {
      await registry.close();
      await receiver.close();
    }
  });
});

describe('webhook targets resolved at delivery', () => {
  it('refuses a host name that resolves into a denied range, without retrying, and never logs the secret', async () => {
    const { createRegistry } = await import('../../registry/server.js');
    const { pino } = await import('pino');
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const receiver = await startWebhookReceiver();
    const registry = await createRegistry({
      dataDir: 'memory://',
      logger,
      webhooks: { deniedRanges: ['127.0.0.0/8', '::1/128'], retryBaseMs: 20, pollIntervalMs: 100 },
    });
    try {
      const token = registry.initialAdminToken ?? '';
      const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
        const response = await registry.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(payload ? { payload } : {}),
        });
        return response.json<Record<string, unknown>>();
      };
      await call('POST', '/v1/graphs', { name: 'shop' });
      // A literal loopback address is refused when the webhook is created …
      const literal = await call('POST', '/v1/graphs/shop/webhooks', { url: `${receiver.url}/hook` });
      expect(literal.code).toBe('WEBHOOK_TARGET_DENIED');
      // … a name is checked where it resolves: `localhost` is 127.0.0.1 or ::1.
      const port = new URL(receiver.url).port;
      const created = await call('POST', '/v1/graphs/shop/webhooks', {
        url: `http://localhost:${port}/hook`,
      });
      const { webhook, secret } = created as { webhook: { id: string }; secret: string };
      await call('POST', `/v1/graphs/shop/webhooks/${webhook.id}/test`);
      const delivery = await waitFor(async () => {
        const log = (await call('GET', `/v1/graphs/shop/webhooks/${webhook.id}/deliveries`)) as {
          deliveries: Delivery[];
        };
        return log.deliveries.find((d) => d.status === 'failed');
      });
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]?.error).toMatch(
        /^target refused: localhost: address (127\.0\.0\.1|::1) is in the denied range/,
      );
      expect(receiver.requests).toHaveLength(0);
      expect(lines.some((line) => line.includes(webhook.id))).toBe(true);
      expect(lines.join('\n')).not.toContain(secret);
    } finally {
      await registry.close();
      await receiver.close();
    }
  });
});
