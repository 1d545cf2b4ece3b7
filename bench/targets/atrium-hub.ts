// The hub as `npm run bench` measures it: static supergraph file, production mode, request logging on, operation
// limits and demand control on (enforcing, the defaults). With ISSUER set, also authentication (JWT access tokens
// from that issuer) and field authorization in filter mode; with IDENTITY=1 as well, signed identity headers to
// the subgraphs. With LIMITS=off, limits and cost are off. With QUOTAS_REDIS_URL set (and ISSUER), quotas on
// that Redis: the benchmark's client (`demo-app`) has a record whose rate and budget the run never exhausts, so
// every request is checked and charged (one script call) and settled, and none is refused. REDIS_URL from the
// environment is ignored, so only that side uses quotas.
// With PQ_MANIFEST set (a persisted-query manifest file), persisted operations on, that manifest registered for
// the `anonymous` record in `enforce` mode: requests by id and registered bodies are served, others refused.
// With DEDUPE=off, no in-flight deduplication. With USAGE_URL set, the usage policy reports to that registry URL (the bench's sink), flushing every 10 s
// (the default).
// Metrics are on (as by default), on their own listener (production) at an ephemeral port, printed after the
// GraphQL URL on the READY line so the bench scrapes them; METRICS=off turns them off (`hub-no-metrics`).
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import type { HubConfigInput } from '../../hub/config/hub-config-schema.js';
import { startHub } from '../../hub/server.js';

const issuer = process.env.ISSUER;
const security: Partial<HubConfigInput> = issuer
  ? {
      auth: {
        issuers: [{ issuer, audience: process.env.AUDIENCE ?? '', dangerouslyAllowInsecureHttp: true }],
      },
      authorization: { mode: 'filter' },
      ...(process.env.IDENTITY === '1' && {
        identityForwarding: { secret: 'atrium-bench-identity-secret-0123456789' },
      }),
    }
  : {};

const quotasRedis = process.env.QUOTAS_REDIS_URL;
const quotas: Partial<HubConfigInput> = quotasRedis
  ? {
      // `memory`: the same side on the in-memory store, to tell the Redis round trip from the policy's own work.
      quotas: {
        store:
          quotasRedis === 'memory'
            ? { kind: 'memory' }
            : { kind: 'redis', url: quotasRedis, keyPrefix: `atrium-bench:${process.pid}:` },
      },
      clients: {
        records: [
          {
            id: 'bench',
            recognition: { kind: 'client-id', clientIds: ['demo-app'] },
            rate: { requests: 60_000_000, windowSeconds: 60 },
            budget: { points: 60_000_000, windowSeconds: 60 },
          },
        ],
      },
    }
  : {};

const pqManifest = process.env.PQ_MANIFEST;
const persisted: Partial<HubConfigInput> = pqManifest
  ? {
      clients: { records: [{ id: 'anonymous', persistedOperations: 'enforce' }] },
      persistedOperations: { manifests: [{ client: 'anonymous', version: 'bench', file: pqManifest }] },
    }
  : {};

const { REDIS_URL: _ignored, ...environment } = process.env;
const config = loadHubConfig({
  env: { ...environment, NODE_ENV: 'production' },
  cwd: process.cwd(),
  overrides: {
    server: { port: Number(process.env.PORT ?? 0) },
    supergraph: { file: process.env.SUPERGRAPH_FILE ?? '' },
    lastKnownGood: { dir: process.env.LKG_DIR ?? '.atrium/bench-hub' },
    ...security,
    ...quotas,
    ...persisted,
    metrics: process.env.METRICS === 'off' ? { enabled: false } : { port: 0 },
    ...(process.env.LIMITS === 'off' && { limits: { enabled: false }, cost: { enabled: false } }),
    // DEDUPE=off: no in-flight deduplication (subgraph fetches, operations): the hub as it was before issue 15.
    ...(process.env.DEDUPE === 'off' && {
      subgraphs: { deduplicateInFlight: false },
      operations: { deduplicateInFlight: false },
    }),
    // EXECUTOR=gateway: @apollo/gateway's own execution of the query plans (the hub's before issue 15's executor).
    ...(process.env.EXECUTOR === 'gateway' && { operations: { executor: 'gateway' as const } }),
    ...(process.env.USAGE_URL && {
      usage: { url: process.env.USAGE_URL, graph: 'bench@current', token: 'atr_bench_usage_sink' },
    }),
  },
});
const hub = await startHub(config);
process.stdout.write(`READY ${hub.url}/graphql ${hub.metricsUrl ?? ''}\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
