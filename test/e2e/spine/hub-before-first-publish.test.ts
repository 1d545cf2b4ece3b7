// End-to-end: a hub started before its variant exists (first boot of a new environment) is not ready and says
// why (UNKNOWN_VARIANT), keeps polling, and serves the supergraph once the first publish creates the variant.
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
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { runCli } from '../../helpers/cli.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_e2e_first_boot_admin_0123456789ab';
const REF = 'shop@fresh';

let work: string;
let subgraphs: StartedSubgraphs;
let registry: Awaited<ReturnType<typeof startRegistry>>;
let hub: Awaited<ReturnType<typeof startHub>> | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-first-boot-'));
  subgraphs = await startExampleSubgraphs();
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN_TOKEN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN_TOKEN };
});

afterAll(async () => {
  await hub?.close();
  await registry.close();
  await subgraphs.close();
  await rm(work, { recursive: true, force: true });
});

describe('a hub polling a variant that does not exist yet', () => {
  it('is not ready (UNKNOWN_VARIANT), then serves the first publish', async () => {
    expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
    hub = await startHub(
      loadHubConfig({
        env: {},
        cwd: work,
        overrides: {
          server: { port: 0 },
          supergraph: {
            registry: { url: registry.url, graph: REF, token: ADMIN_TOKEN, pollIntervalMs: 100 },
          },
          lastKnownGood: { dir: join(work, 'lkg') },
          policies: { 'request-logging': { enabled: false } },
        },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    const ready = await fetch(`${hub.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/404 UNKNOWN_VARIANT/);

    for (const name of EXAMPLE_SUBGRAPH_NAMES) {
      const published = await runCli(
        [
          ...['subgraph', 'publish', REF, '--name', name, '--schema', exampleSchemaPath(name)],
          ...['--routing-url', subgraphs.urls[name]],
        ],
        { env },
      );
      expect(published.code, published.stderr).toBe(0);
    }
    const running = hub;
    // Ready after the first publish; serving all four once the hub has polled the last one.
    const body = await waitFor(
      async () => {
        const response = await fetch(`${running.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ topProducts { upc name inStock } }' }),
        });
        const answer = (await response.json()) as {
          data?: { topProducts: { upc: string }[] };
          errors?: unknown;
        };
        return answer.errors ? undefined : answer;
      },
      { what: 'the hub to serve all four subgraphs', timeoutMs: 45_000 },
    );
    expect(running.ready()).toBe(true);
    expect(body.data?.topProducts.length).toBeGreaterThan(0);
  }, 90_000);
});
