// End-to-end: registry + example subgraphs + hub on ephemeral ports, schemas published through the CLI.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig } from '../../../hub/config/load-hub-config.js';
import { startHub } from '../../../hub/server.js';
import { startRegistry } from '../../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSchemaPath,
  exampleSubgraphSdl,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { runCli } from '../../helpers/cli.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_e2e_admin_token_0123456789abcdef';
const REF = 'shop@e2e';
const ALL_FOUR = `{ topProducts { upc name price shippingEstimate inStock reviews { body author { username name } } } }`;

type Hub = Awaited<ReturnType<typeof startHub>>;
type Registry = Awaited<ReturnType<typeof startRegistry>>;

let work: string;
let subgraphs: StartedSubgraphs;
let registry: Registry | undefined;
let hub: Hub | undefined;
let env: Record<string, string>;

function hubFor(registryUrl: string): Promise<Hub> {
  return startHub(
    loadHubConfig({
      env: {},
      cwd: work,
      overrides: {
        server: { port: 0 },
        supergraph: { registry: { url: registryUrl, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 100 } },
        lastKnownGood: { dir: join(work, 'lkg') },
        policies: { 'request-logging': { enabled: false } },
      },
    }),
    { logger: pino({ level: 'silent' }) },
  );
}

async function query(
  target: Hub,
  text: string,
): Promise<{ status: number; body: { data?: unknown; errors?: { message: string }[] } }> {
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string }[] },
  };
}

function productsWithoutLegacyCode(): string {
  const sdl = exampleSubgraphSdl('products');
  const without = sdl.replace(/^\s*legacyCode: String.*$/m, '');
  if (without === sdl) throw new Error('fixture drift: products no longer declares legacyCode');
  return without;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-e2e-'));
  subgraphs = await startExampleSubgraphs();
  registry = await startRegistry({
    port: 0,
    dataDir: join(work, 'registry-db'),
    adminToken: ADMIN_TOKEN,
    logger: false,
  });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN_TOKEN };
});

afterAll(async () => {
  await hub?.close();
  await registry?.close();
  await subgraphs?.close();
  await rm(work, { recursive: true, force: true });
});

describe('registry → CLI → hub', () => {
  it('publishes the four example subgraphs through the CLI and serves them from one endpoint', async () => {
    expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
    for (const name of EXAMPLE_SUBGRAPH_NAMES) {
      const schema = name === 'products' ? ['--schema', '-'] : ['--schema', exampleSchemaPath(name)];
      const result = await runCli(
        [
          'subgraph',
          'publish',
          REF,
          '--name',
          name,
          ...schema,
          '--routing-url',
          subgraphs.urls[name],
          '--json',
        ],
        { env, stdin: productsWithoutLegacyCode() },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'published', created: true });
    }

    hub = await hubFor(registry!.url);
    await waitFor(() => (hub!.ready() ? true : undefined), { what: 'hub ready' });
    const { status, body } = await query(hub, ALL_FOUR);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const products = (body.data as { topProducts: Record<string, unknown>[] }).topProducts;
    expect(products.length).toBeGreaterThan(0);
    const first = products[0]!;
    // name/price: products; shippingEstimate/inStock: inventory; reviews: reviews; author.name: accounts.
    expect(typeof first.name).toBe('string');
    expect(typeof first.price).toBe('number');
    expect(typeof first.inStock).toBe('boolean');
    expect(typeof first.shippingEstimate).toBe('number');
    const reviews = first.reviews as { body: string; author: { username: string; name: string } }[];
    expect(reviews.length).toBeGreaterThan(0);
    expect(typeof reviews[0]?.author.username).toBe('string');
    expect(typeof reviews[0]?.author.name).toBe('string');
  });

  it('serves a newly published schema without a restart', async () => {
    // The running products subgraph resolves legacyCode; the registry did not know it until now.
    const before = await query(hub!, '{ topProducts { upc legacyCode } }');
    expect(before.body.errors?.[0]?.message).toContain('Cannot query field "legacyCode"');
    const changed = exampleSubgraphSdl('products');
    const result = await runCli(['subgraph', 'publish', REF, '--name', 'products', '--schema', '-'], {
      env,
      stdin: changed,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Updated subgraph products .* version 5/);

    const served = await waitFor(
      async () => {
        const { body } = await query(hub!, '{ topProducts { upc legacyCode } }');
        return body.errors ? undefined : body;
      },
      { what: 'hub to serve the new field' },
    );
    const codes = (served.data as { topProducts: { legacyCode: string | null }[] }).topProducts.map(
      (p) => p.legacyCode,
    );
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => typeof code === 'string' && code.startsWith('LEGACY-'))).toBe(true);
  });

  it('rejects a composition-breaking publish with exit code 1 and keeps serving the old supergraph', async () => {
    // inventory declares Product.weight as String while products owns it as Int: the supergraph cannot compose.
    const broken = exampleSubgraphSdl('inventory').replace(
      /weight: Int @external/,
      'weight: String @external',
    );
    expect(broken).not.toEqual(exampleSubgraphSdl('inventory'));
    const result = await runCli(['subgraph', 'publish', REF, '--name', 'inventory', '--schema', '-'], {
      env,
      stdin: broken,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Composition failed');
    expect(result.stderr).toMatch(/inventory/);

    const history = await runCli(['graph', 'history', REF, '--json'], { env });
    const { versions } = JSON.parse(history.stdout) as { versions: { version: number }[] };
    expect(versions[0]?.version).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few poll intervals
    const { body } = await query(hub!, '{ topProducts { upc legacyCode weight } }');
    expect(body.errors).toBeUndefined();
  });

  it('serves the last-known-good supergraph when the registry is down at start', async () => {
    await hub!.close();
    hub = undefined;
    const registryUrl = registry!.url;
    await registry!.close();
    registry = undefined;

    hub = await hubFor(registryUrl);
    await waitFor(() => (hub!.ready() ? true : undefined), { what: 'hub ready from last-known-good' });
    const { status, body } = await query(hub, '{ topProducts { upc legacyCode shippingEstimate } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});
