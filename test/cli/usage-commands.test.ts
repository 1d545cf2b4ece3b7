// `atrium usage field | deprecated | unused | denials` and `atrium token create --role usage`, in-process against
// a real registry holding the example graph and one batch of usage.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';
import { startExampleSubgraphs, type StartedSubgraphs } from '../../subgraphs-example/index.js';
import { publishExampleGraph } from '../helpers/usage-stack.js';

const ADMIN = 'atr_cli_usage_admin_token_0123456789';
const REF = 'shop@cli';
const HASH = 'b'.repeat(64);

let registry: RunningRegistry;
let subgraphs: StartedSubgraphs;
let env: Record<string, string>;

beforeAll(async () => {
  subgraphs = await startExampleSubgraphs();
  registry = await startRegistry({ dataDir: 'memory://', adminToken: ADMIN, logger: false });
  await publishExampleGraph(registry.url, ADMIN, REF, subgraphs);
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
});
afterAll(async () => {
  await registry?.close();
  await subgraphs?.close();
});

describe('atrium usage', () => {
  it('creates a usage token that can report usage', async () => {
    const created = await runCli(['token', 'create', '--name', 'hub-prod', '--role', 'usage', '--json'], {
      env,
    });
    expect(created.code).toBe(0);
    const { secret, token } = JSON.parse(created.stdout) as { secret: string; token: { role: string } };
    expect(token.role).toBe('usage');
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const answer = await fetch(`${registry.url}/v1/graphs/shop/variants/cli/usage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        batchId: randomUUID(),
        dropped: 0,
        operations: [
          {
            hash: HASH,
            name: 'Legacy',
            type: 'query',
            signature: 'query Legacy{topProducts{legacyCode}}',
            coordinates: ['Query.topProducts', 'Product.legacyCode'],
          },
        ],
        entries: [
          {
            minute,
            operation: HASH,
            client: { name: 'demo-app', version: '1.0' },
            verifiedClientId: null,
            count: 4,
            ok: 4,
            errors: 0,
            refused: 0,
            refusedBy: {},
            durationMs: 10,
            estimatedCost: 0,
            actualCost: 0,
            coordinates: { 'Query.topProducts': 4, 'Product.legacyCode': 4 },
            denied: { 'User.email': 2 },
          },
        ],
      }),
    });
    expect(answer.status).toBe(202);
  });

  it('field: totals per client and version, and the top operations', async () => {
    const text = await runCli(['usage', 'field', REF, 'Product.legacyCode', '--period', '7d'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Product.legacyCode in shop@cli, last 7d: 4 request(s)');
    expect(text.stdout).toMatch(/demo-app\s+1\.0\s+4/);
    expect(text.stdout).toMatch(/Legacy\s+query\s+4/);
    const json = await runCli(['usage', 'field', REF, 'Product.legacyCode', '--json'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({
      coordinate: 'Product.legacyCode',
      total: 4,
      period: '30d',
    });
  });

  it('deprecated: a verdict per deprecated element', async () => {
    const text = await runCli(['usage', 'deprecated', REF], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Product.legacyCode (field, since version 2): in use by demo-app 1.0');
    expect(text.stdout).toContain('ProductFilter.legacySku (input-field, since version 2): safe to remove');
    const json = JSON.parse((await runCli(['usage', 'deprecated', REF, '--json'], { env })).stdout) as {
      elements: { coordinate: string; verdict: { safeToRemove: boolean } }[];
    };
    expect(json.elements.map((e) => [e.coordinate, e.verdict.safeToRemove])).toEqual([
      ['Product.legacyCode', false],
      ['ProductFilter.legacySku', true],
    ]);
  });

  it('unused and denials', async () => {
    const unused = JSON.parse((await runCli(['usage', 'unused', REF, '--json'], { env })).stdout) as {
      unused: string[];
    };
    expect(unused.unused).toContain('Query.searchProducts');
    expect(unused.unused).not.toContain('Product.legacyCode');
    const denials = await runCli(['usage', 'denials', REF], { env });
    expect(denials.stdout).toMatch(/User\.email\s+demo-app\s+1\.0\s+2/);
  });

  it('refuses a period it cannot read, with the registry code', async () => {
    const bad = await runCli(['usage', 'unused', REF, '--period', 'forever'], { env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('INVALID_INPUT');
  });
});
