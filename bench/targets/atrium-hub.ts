// The hub as `npm run bench` measures it: static supergraph file, production mode, request logging on, operation
// limits and demand control on (enforcing, the defaults). With ISSUER set, also authentication (JWT access tokens
// from that issuer) and field authorization in filter mode; with IDENTITY=1 as well, signed identity headers to
// the subgraphs. With LIMITS=off, limits and cost are off. With USAGE_URL set, the usage policy reports to that
// registry URL (the bench's sink), flushing every 10 s (the default).
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

const config = loadHubConfig({
  env: { ...process.env, NODE_ENV: 'production' },
  cwd: process.cwd(),
  overrides: {
    server: { port: Number(process.env.PORT ?? 0) },
    supergraph: { file: process.env.SUPERGRAPH_FILE ?? '' },
    lastKnownGood: { dir: process.env.LKG_DIR ?? '.atrium/bench-hub' },
    ...security,
    ...(process.env.LIMITS === 'off' && { limits: { enabled: false }, cost: { enabled: false } }),
    ...(process.env.USAGE_URL && {
      usage: { url: process.env.USAGE_URL, graph: 'bench@current', token: 'atr_bench_usage_sink' },
    }),
  },
});
const hub = await startHub(config);
process.stdout.write(`READY ${hub.url}/graphql\n`);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
