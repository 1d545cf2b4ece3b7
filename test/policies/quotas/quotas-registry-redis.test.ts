/**
 * Quotas end to end: the real registry (records managed with `atrium client`), hubs polling it, the real
 * OpenID Provider, real Redis. A record change reaches a running hub without restart; two hubs (one of them a
 * separate `atrium hub start` process) share one limit on one Redis; Redis killed mid-traffic is served
 * (`failOpen`) or answered 503 with `Retry-After` (`failClosed`), never 500, and both recover when it is back.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadHubConfig, type DeepPartial, type HubConfigInput } from '../../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../../hub/server.js';
import { startRegistry } from '../../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSchemaPath,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { runCli } from '../../helpers/cli.js';
import { spawnCli, type CliProcess } from '../../helpers/cli-process.js';
import { postGraphQL, trustIssuer, type GraphQLResult } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { limitFields } from '../../helpers/rate-limit-fields.js';
import {
  deleteKeys,
  describeWithRedis,
  freePort,
  startRedisServer,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
  type RedisServerProcess,
} from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_quotas_e2e_admin_token_0123456789ab';
const REF = 'shop@e2e';
const QUERY = '{ topProducts(first: 1) { upc } }';

describeWithRedis(
  'quotas with the registry and Redis',
  () => {
    let work: string;
    let subgraphs: StartedSubgraphs;
    let registry: Awaited<ReturnType<typeof startRegistry>>;
    let issuer: TestIssuer;
    let env: Record<string, string>;
    let keyPrefix: string;
    let ownRedis: RedisServerProcess;
    const hubs: RunningHub[] = [];
    let hubProcess: CliProcess | undefined;

    const token = (clientId: string) =>
      issuer.signToken({ ...issuer.accessTokenClaims(), azp: clientId, client_id: clientId });
    const cli = async (...argv: string[]) => {
      const result = await runCli(argv, { env });
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };

    function hubConfig(store: Record<string, unknown>, extra: DeepPartial<HubConfigInput> = {}) {
      return {
        server: { port: 0 },
        supergraph: { registry: { url: registry.url, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 100 } },
        lastKnownGood: { dir: join(work, `lkg-${hubs.length}`) },
        auth: { issuers: [trustIssuer(issuer)] },
        quotas: { store },
        policies: { 'request-logging': { enabled: false } },
        ...extra,
      } as DeepPartial<HubConfigInput>;
    }

    async function hubWith(store: Record<string, unknown>): Promise<RunningHub> {
      const hub = await startHub(loadHubConfig({ env: {}, cwd: work, overrides: hubConfig(store) }), {
        logger: pino({ level: 'silent' }),
      });
      hubs.push(hub);
      await waitFor(() => (hub.ready() ? true : undefined), { what: 'hub ready' });
      return hub;
    }

    const ask = (hub: { url: string }, bearer: string): Promise<GraphQLResult> =>
      postGraphQL(`${hub.url}/graphql`, { query: QUERY }, { authorization: `Bearer ${bearer}` });

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'atrium-quotas-'));
      keyPrefix = uniqueKeyPrefix();
      subgraphs = await startExampleSubgraphs();
      registry = await startRegistry({
        port: 0,
        dataDir: join(work, 'registry-db'),
        adminToken: ADMIN_TOKEN,
        logger: false,
      });
      issuer = await startTestIssuer();
      ownRedis = await startRedisServer();
      env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN_TOKEN };
      await cli('graph', 'create', 'shop');
      for (const name of EXAMPLE_SUBGRAPH_NAMES) {
        await cli(
          'subgraph',
          'publish',
          REF,
          '--name',
          name,
          '--schema',
          exampleSchemaPath(name),
          '--routing-url',
          subgraphs.urls[name],
        );
      }
      await cli(
        'client',
        'create',
        'shop',
        'mobile',
        '--client-id',
        'mobile-app',
        '--tier',
        'free',
        '--rate',
        '5/60',
      );
      await cli('client', 'create', 'shop', 'shared', '--client-id', 'shared-app', '--rate', '10/3600');
      await cli('client', 'create', 'shop', 'outage', '--client-id', 'outage-app', '--rate', '1000/60');
    }, 60_000);

    afterAll(async () => {
      hubProcess?.child.kill('SIGTERM');
      await hubProcess?.exited;
      for (const hub of hubs) await hub.close();
      await ownRedis?.stop();
      await registry?.close();
      await issuer?.close();
      await subgraphs?.close();
      await deleteKeys(keyPrefix);
      await rm(work, { recursive: true, force: true });
    }, 90_000);

    it('applies a record changed with `atrium client update` in a running hub, without restart', async () => {
      const hub = await hubWith({ kind: 'redis', url: TEST_REDIS_URL, keyPrefix });
      const bearer = await token('mobile-app');
      const before = await ask(hub, bearer);
      expect(before.status).toBe(200);
      expect(before.headers.get('ratelimit-policy')).toBe('"rate";q=5;w=60');

      const shown = JSON.parse(await cli('client', 'show', 'shop', 'mobile', '--json')) as { etag: string };
      await cli(
        'client',
        'update',
        'shop',
        'mobile',
        '--rate',
        '8/60',
        '--burst',
        '2',
        '--if-match',
        shown.etag,
      );
      // (The polls spend the new, smaller burst: what counts is that the new limit applies.)
      await waitFor(
        async () => {
          const result = await ask(hub, bearer);
          return result.headers.get('ratelimit-policy') === '"rate";q=8;w=60;atrium-burst=2'
            ? result
            : undefined;
        },
        { what: 'the updated record in the hub' },
      );
      // A stale ETag is refused by the registry: exit 1, nothing changed.
      const stale = await runCli(
        ['client', 'update', 'shop', 'mobile', '--rate', '9/60', '--if-match', shown.etag],
        { env },
      );
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain('CLIENT_VERSION_MISMATCH');

      // Deleting the record: its callers fall back to the reserved `default` record.
      await cli('client', 'delete', 'shop', 'mobile');
      await waitFor(
        async () =>
          (await ask(hub, bearer)).headers.get('ratelimit-policy')?.startsWith('"rate";q=1200;w=60,')
            ? true
            : undefined,
        { what: 'the default record after the delete' },
      );
    });

    it('shares one limit between two hubs (one a separate process) on one Redis', async () => {
      const first = hubs[0] ?? (await hubWith({ kind: 'redis', url: TEST_REDIS_URL, keyPrefix }));
      const port = await freePort();
      const configFile = join(work, 'hub-process.json');
      await writeFile(
        configFile,
        JSON.stringify({
          auth: { issuers: [trustIssuer(issuer)] },
          supergraph: { registry: { pollIntervalMs: 100 } },
          lastKnownGood: { dir: join(work, 'lkg-process') },
          quotas: { store: { kind: 'redis', url: TEST_REDIS_URL, keyPrefix } },
          logLevel: 'warn',
        }),
      );
      hubProcess = spawnCli(
        ['hub', 'start', '--port', String(port), '--graph', REF, '--config', configFile],
        {
          ATRIUM_REGISTRY_URL: registry.url,
          ATRIUM_TOKEN: ADMIN_TOKEN,
        },
      );
      const second = { url: `http://127.0.0.1:${port}` };
      await waitFor(
        async () =>
          (await fetch(`${second.url}/ready`).catch(() => undefined))?.status === 200 ? true : undefined,
        { timeoutMs: 30_000, what: `the hub process to be ready (${hubProcess.stderr()})` },
      );
      const bearer = await token('shared-app');
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await ask(i % 2 === 0 ? first : second, bearer)).status);
      // 10 per hour between them: exactly 10 allowed, whichever hub answered.
      expect(statuses.filter((status) => status === 200)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(10);
      expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
    }, 60_000);

    it('serves through a Redis outage with failOpen, answers 503 with failClosed, never 500, and recovers', async () => {
      const open = await hubWith({ kind: 'redis', url: ownRedis.url, keyPrefix, failure: 'failOpen' });
      const closed = await hubWith({
        kind: 'redis',
        url: ownRedis.url,
        keyPrefix,
        failure: 'failClosed',
        unavailableRetryAfterSeconds: 2,
      });
      const bearer = await token('outage-app');
      expect((await ask(open, bearer)).status).toBe(200);
      expect((await ask(closed, bearer)).status).toBe(200);

      const during: GraphQLResult[] = [];
      const traffic = (async () => {
        for (let i = 0; i < 40; i++) {
          during.push(await ask(open, bearer), await ask(closed, bearer));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await ownRedis.kill();
      await traffic;
      expect(
        during.map((result) => result.status).filter((status) => status >= 500 && status !== 503),
      ).toEqual([]);

      const served = await ask(open, bearer);
      expect(served.status).toBe(200);
      expect(served.body.errors).toBeUndefined();
      const refused = await ask(closed, bearer);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('QUOTA_STORE_UNAVAILABLE');
      // /ready stays 200 (degraded, with the reason), so load balancers keep the hub.
      const ready = await fetch(`${open.url}/ready`);
      expect(ready.status).toBe(200);
      const readyBody = (await ready.json()) as { degraded?: { policy: string; reason: string }[] };
      expect(
        readyBody.degraded?.some((entry) => entry.policy === 'quotas' && /failOpen/.test(entry.reason)),
      ).toBe(true);

      await ownRedis.start();
      const recovered = await waitFor(
        async () => {
          const result = await ask(closed, bearer);
          return result.status === 200 ? result : undefined;
        },
        { timeoutMs: 15_000, what: 'the failClosed hub to reach Redis again' },
      );
      expect(limitFields(recovered.headers).policy.rate?.q).toBe(1000);
      await waitFor(
        async () => {
          const body = (await (await fetch(`${open.url}/ready`)).json()) as { degraded?: unknown[] };
          await ask(open, bearer);
          return body.degraded === undefined ? true : undefined;
        },
        { timeoutMs: 15_000, what: 'the failOpen hub to report ready again' },
      );
    }, 60_000);
  },
  { needsRedisServer: true },
);
