// `npm start`: the whole Atrium demo on embedded defaults. Registry on PGlite, the four example subgraphs,
// publishes through the CLI, a local development OpenID Provider on :4200, the hub on :4000 with authentication,
// field authorization and per-client quotas (records for the two demo clients, counted in memory); Ctrl-C stops
// everything.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pino } from 'pino';
import {
  DEV_AUDIENCE,
  DEV_DASHBOARD_CLIENT_ID,
  DEV_ISSUER_PORT,
  DEV_REGISTRY_ROLES,
  DEV_ROLE_CLAIM,
  DEV_TEAM_CLAIM,
  DEV_USERS,
  devRegistryOidcOptions,
  startDevOidcProvider,
} from '../dev/oidc/index.js';
import { loadHubConfig } from '../hub/config/load-hub-config.js';
import { startHub } from '../hub/server.js';
import { run } from '../cli/main.js';
import { processIo } from '../cli/cli-io.js';
import { startRegistry } from '../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleManifestPath,
  exampleSchemaPath,
  startExampleSubgraphs,
} from '../subgraphs-example/index.js';

const GRAPH_REF = 'shop@dev';
const env = process.env;
const hubPort = Number(env.HUB_PORT ?? 4000);
const registryPort = Number(env.REGISTRY_PORT ?? 4100);
const dataDir = resolve(env.ATRIUM_DEMO_DIR ?? '.atrium/demo');

/** pricing-app's cost budget per hour: a few sample queries (see the Quick start). */
const PRICING_BUDGET = 100;

const SAMPLE_QUERY =
  '{ topProducts(first: 2) { upc name price shippingEstimate inStock reviews { body author { username name email birthday } } } }';

async function main(): Promise<void> {
  const started = Date.now();
  // The demo starts from a clean slate each time; production data lives elsewhere (--data-dir / DATABASE_URL).
  await rm(dataDir, { recursive: true, force: true });
  const adminToken = `atr_demo_${randomBytes(24).toString('base64url')}`;

  const subgraphs = await startExampleSubgraphs({
    ports: { accounts: 4001, products: 4002, reviews: 4003, inventory: 4004 },
  });
  const issuer = await startDevOidcProvider({ port: Number(env.OIDC_PORT ?? DEV_ISSUER_PORT) });
  // The dashboard's "Sign in with…" goes to the development provider: its users' role claims map to roles.
  const registry = await startRegistry({
    port: registryPort,
    dataDir: resolve(dataDir, 'registry-db'),
    adminToken,
    logger: false,
    oidc: devRegistryOidcOptions(issuer.issuer),
  });
  // The callback page on both names of this host: the dashboard builds its redirect URI from its own origin.
  const registryPortNow = new URL(registry.url).port;
  issuer.setDashboardRedirectUris(
    ['127.0.0.1', 'localhost'].map((host) => `http://${host}:${registryPortNow}/ui/oidc-callback.html`),
  );
  const closers: (() => Promise<void>)[] = [
    () => subgraphs.close(),
    () => registry.close(),
    () => issuer.close(),
  ];

  const io = { ...processIo(), env: { ...env, ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: adminToken } };
  const cli = async (...argv: string[]): Promise<void> => {
    const indented = (text: string) => process.stdout.write(text.replace(/^(?=.)/gm, '  '));
    const code = await run(argv, { ...io, stdout: indented });
    if (code !== 0) throw new Error(`atrium ${argv.join(' ')} exited with ${code}`);
  };
  console.log(`Registry on ${registry.url} (PGlite in ${dataDir})`);
  await cli('graph', 'create', 'shop');
  for (const name of EXAMPLE_SUBGRAPH_NAMES) {
    await cli(
      'subgraph',
      'publish',
      GRAPH_REF,
      '--name',
      name,
      '--schema',
      exampleSchemaPath(name),
      '--routing-url',
      subgraphs.urls[name],
    );
  }

  // The hub reports per-field usage with a token that can do nothing else (role `usage`).
  const usageToken = await createUsageToken(registry.url, adminToken);
  // Client records for the development OpenID Provider's clients: demo-app with room to spare, pricing-app with
  // a small cost budget, so the Quick start can show a 429 with its RateLimit fields.
  await cli(
    'client',
    'create',
    'shop',
    'demo-app',
    '--client-id',
    'demo-app',
    '--tier',
    'standard',
    '--rate',
    '600/60',
    '--budget',
    '100000/3600',
    // Audit: demo-app's registered operations run by id, anything else still runs and is logged as unregistered.
    '--persisted-operations',
    'audit',
  );
  await cli(
    'client',
    'create',
    'shop',
    'pricing-app',
    '--client-id',
    'pricing-app',
    '--tier',
    'trial',
    '--rate',
    '60/60',
    '--burst',
    '10',
    '--budget',
    `${PRICING_BUDGET}/3600`,
  );
  // Release 1.0.0 of demo-app registers the operations it sends as trusted documents.
  await cli(
    'operations',
    'publish',
    GRAPH_REF,
    '--client',
    'demo-app',
    '--client-version',
    '1.0.0',
    '--manifest',
    exampleManifestPath(),
  );

  const hub = await startHub(
    loadHubConfig({
      env,
      cwd: process.cwd(),
      overrides: {
        server: { port: hubPort },
        supergraph: {
          registry: { url: registry.url, graph: GRAPH_REF, token: adminToken, pollIntervalMs: 2_000 },
        },
        lastKnownGood: { dir: resolve(dataDir, 'hub') },
        auth: {
          issuers: [
            {
              issuer: issuer.issuer,
              audience: DEV_AUDIENCE,
              dangerouslyAllowInsecureHttp: true, // the development issuer speaks plain HTTP on 127.0.0.1
              introspection: { clientId: 'atrium-hub', clientSecret: 'atrium-hub-secret' },
            },
          ],
        },
        authorization: {
          mode: 'filter',
          policies: { pricing_team: { claim: 'roles', contains: 'pricing' } },
        },
        introspection: 'filtered',
        // Counted in this process; set REDIS_URL (or quotas.store) to share the limits between hubs.
        quotas: {},
        // Registered operations by id (`documentId`, APQ hash) and the modes of the client records.
        persistedOperations: {},
        identityForwarding: { secret: 'atrium-demo-identity-secret-not-for-production' },
        usage: { token: usageToken, flushIntervalMs: 5_000 },
      },
    }),
    // Synchronous so the hub's start-up lines come before the banner below, and request logs after it.
    { logger: pino({ level: env.LOG_LEVEL ?? 'info' }, pino.destination({ fd: 1, sync: true })) },
  );
  closers.unshift(() => hub.close());
  await waitUntil(() => hub.ready(), 20_000);

  const endpoint = `${hub.url}/graphql`;
  console.log(`
Atrium is up in ${((Date.now() - started) / 1000).toFixed(1)} s.

  Hub (GraphQL)   ${endpoint}
  Registry        ${registry.url}   (admin token for this run: ${adminToken})
  Dashboard       ${registry.url}/ui/   (sign in with the admin token above, or with the provider below)
  OpenID Provider ${issuer.issuer}   (DEVELOPMENT ONLY: clients demo-app, pricing-app, ${DEV_DASHBOARD_CLIENT_ID})
  Subgraphs       ${EXAMPLE_SUBGRAPH_NAMES.map((n) => `${n} ${subgraphs.urls[n]}`).join(', ')}

Sign in to the dashboard through the development OpenID Provider: open ${registry.url}/ui/, click
"Sign in with the development provider" and log in (any password) as one of
${DEV_USERS.map(describeDevUser).join('\n')}
Any other login is refused with 403 OIDC_NO_ROLE: without a role mapping nobody gets in.

Try a query that crosses all four subgraphs. Without a token, the fields that need one (User.email is
@authenticated, User.birthday needs scope read:users) come back null with one UNAUTHORIZED_FIELD_OR_TYPE
error per path, and no subgraph is asked for them:

  curl -s ${endpoint} -H 'content-type: application/json' \\
    -H 'apollographql-client-name: quickstart' \\
    -d '{"query":"${SAMPLE_QUERY}"}'

With a token from the development OpenID Provider (${issuer.issuer}), they are served:

  TOKEN=$(npx atrium dev token --issuer ${issuer.issuer} --client demo-app --scope "read:users")
  curl -s ${endpoint} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -H 'apollographql-client-name: quickstart' \\
    -d '{"query":"${SAMPLE_QUERY}"}'

Every client has a request rate and a cost budget (its client record; see \`atrium client list shop\`).
pricing-app's budget is ${PRICING_BUDGET} cost points per hour. The sample query is estimated at 48 points and
charged before it runs; once it ran, the difference to its actual cost (20) is refunded. The fourth one finds 40
points left and is refused with 429 BUDGET_EXHAUSTED, Retry-After and the RateLimit fields:

  TOKEN=$(npx atrium dev token --issuer ${issuer.issuer} --client pricing-app --scope "read:users")
  for i in 1 2 3 4; do curl -s -o /dev/null -D - ${endpoint} -H 'content-type: application/json' \\
    -H "authorization: Bearer $TOKEN" -d '{"query":"${SAMPLE_QUERY}"}' \\
    | grep -i -E '^(HTTP|retry-after|ratelimit)'; done

Or talk to the registry with the CLI:

  ATRIUM_REGISTRY_URL=${registry.url} ATRIUM_TOKEN=${adminToken} npx atrium subgraph list ${GRAPH_REF}
  ATRIUM_REGISTRY_URL=${registry.url} ATRIUM_TOKEN=${adminToken} npx atrium graph history ${GRAPH_REF}
  ATRIUM_REGISTRY_URL=${registry.url} ATRIUM_TOKEN=${adminToken} npx atrium client list shop
  ATRIUM_REGISTRY_URL=${registry.url} ATRIUM_TOKEN=${adminToken} npx atrium operations list ${GRAPH_REF}

The hub reports per-field usage to the registry every 5 s. Ask who uses the deprecated Product.legacyCode:

  curl -s ${endpoint} -H 'content-type: application/json' \\
    -H 'apollographql-client-name: demo-app' -H 'apollographql-client-version: 1.0' \\
    -d '{"query":"{ topProducts(first: 1) { upc legacyCode } }"}'
  ATRIUM_REGISTRY_URL=${registry.url} ATRIUM_TOKEN=${adminToken} npx atrium usage deprecated ${GRAPH_REF}

Press Ctrl-C to stop.
`);

  await new Promise<void>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal());
    process.once('SIGTERM', () => resolveSignal());
  });
  console.log('\nStopping…');
  for (const close of closers) await close();
}

/** `  dana  publisher (team catalog)`: the role the demo registry maps a development user's claims to. */
function describeDevUser(user: (typeof DEV_USERS)[number]): string {
  const values = user.claims[DEV_ROLE_CLAIM];
  const first = Array.isArray(values) && typeof values[0] === 'string' ? values[0] : '';
  const team = user.claims[DEV_TEAM_CLAIM];
  return `  ${user.login.padEnd(5)} ${DEV_REGISTRY_ROLES[first] ?? 'no role'}${typeof team === 'string' ? ` (team ${team})` : ''}`;
}

async function createUsageToken(registryUrl: string, adminToken: string): Promise<string> {
  const response = await fetch(`${registryUrl}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'demo-hub-usage', role: 'usage', graphs: ['shop'] }),
  });
  if (response.status !== 201)
    throw new Error(`creating the hub's usage token failed: ${await response.text()}`);
  return ((await response.json()) as { secret: string }).secret;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the hub did not become ready in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
