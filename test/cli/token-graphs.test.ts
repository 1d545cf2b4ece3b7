// `atrium token create --graph`: a publisher token limited to graphs cannot publish into (or create variants in)
// any other graph. Against a real registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { exampleSchemaPath } from '../../subgraphs-example/index.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_token_graphs_admin_0123456789a';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  for (const graph of ['shop', 'kiosk', 'payroll']) {
    expect((await runCli(['graph', 'create', graph], { env })).code).toBe(0);
  }
});

afterAll(async () => {
  await registry.close();
});

const publishArgs = (ref: string) => [
  ...['subgraph', 'publish', ref, '--name', 'products', '--schema', exampleSchemaPath('products')],
  ...['--routing-url', 'http://127.0.0.1:4002/graphql'],
];

describe('graph-scoped tokens', () => {
  it('creates a publisher token for two graphs (--graph repeated), lists them, and keeps it out of others', async () => {
    const created = await runCli(
      ['token', 'create', '--name', 'ci-shop', '--role', 'publisher', '--graph', 'shop', '--graph', 'kiosk'],
      { env },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /^Created publisher token \S+ \(ci-shop\) for graphs shop, kiosk\. Its secret/,
    );
    const secret = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(secret).toMatch(/^atr_/);

    const list = await runCli(['token', 'list'], { env });
    const [header, ...rows] = list.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+ROLE\s+TEAM\s+GRAPHS\s+SUBGRAPHS\s+CREATED\s+REVOKED$/);
    expect(rows.find((row) => row.includes('ci-shop'))).toMatch(
      /ci-shop\s+publisher\s+-\s+shop,kiosk\s+\*\s/,
    );
    expect(rows.find((row) => row.includes('ATRIUM_ADMIN_TOKEN'))).toMatch(/admin\s+-\s+\*\s+\*\s/);

    const scoped = { ...env, ATRIUM_TOKEN: secret };
    const inShop = await runCli(publishArgs('shop@prod'), { env: scoped });
    expect(inShop.code, inShop.stderr).toBe(0);
    const inPayroll = await runCli(publishArgs('payroll@prod'), { env: scoped });
    expect(inPayroll.code).toBe(3);
    expect(inPayroll.stderr).toBe(
      'error: [FORBIDDEN] A publisher token may not publish or delete subgraph "products" in graph "payroll" ' +
        '(the token is limited to graphs: shop, kiosk)\n',
    );
    // Nothing was created in payroll, not even the variant.
    const graphs = await runCli(['graph', 'list', '--json'], { env });
    expect(JSON.parse(graphs.stdout)).toMatchObject({
      graphs: [
        { name: 'kiosk', variants: [] },
        { name: 'payroll', variants: [] },
        { name: 'shop', variants: ['prod'] },
      ],
    });
    // The scoped token sees only its graphs.
    const visible = await runCli(['graph', 'list', '--json'], { env: scoped });
    expect((JSON.parse(visible.stdout) as { graphs: { name: string }[] }).graphs.map((g) => g.name)).toEqual([
      'kiosk',
      'shop',
    ]);
  });

  it('refuses --graph on an admin token (exit 1, INVALID_INPUT)', async () => {
    const result = await runCli(['token', 'create', '--name', 'x', '--role', 'admin', '--graph', 'shop'], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[INVALID_INPUT]');
    expect(result.stderr).toContain('graphs: admin tokens reach every graph');
  });
});
