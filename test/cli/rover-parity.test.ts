// Issue 9, CLI side, against a real registry: whoami, graph and variant deletion, token revoke by name and the last
// admin, `subgraph publish --config supergraph.yaml` (one version for subgraphs that need each other), git context
// from flags and CI variables, a check covered by an approval of its context, and SUBGRAPH_NOT_FOUND's names.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { exampleSchemaPath } from '../../subgraphs-example/index.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_rover_parity_admin_0123456789';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  dir = await mkdtemp(join(tmpdir(), 'atrium-rover-'));
});

afterAll(async () => {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
});

async function supergraphYaml(): Promise<string> {
  // One schema next to the file (a relative path), the others absolute.
  await copyFile(exampleSchemaPath('inventory'), join(dir, 'inventory.graphql'));
  const path = join(dir, 'supergraph.yaml');
  await writeFile(
    path,
    [
      'federation_version: =2.9.0',
      'subgraphs:',
      ...(['accounts', 'products', 'reviews'] as const).flatMap((name, index) => [
        `  ${name}:`,
        `    routing_url: http://127.0.0.1:${4001 + index}/graphql`,
        `    schema: { file: ${exampleSchemaPath(name)} }`,
      ]),
      '  inventory:',
      '    routing_url: http://127.0.0.1:4004/graphql',
      '    schema:',
      '      file: ./inventory.graphql',
      '',
    ].join('\n'),
  );
  return path;
}

describe('atrium CLI for issue 9', () => {
  it('whoami names the token, its role and scope (text and --json)', async () => {
    const text = await runCli(['whoami'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Token: {5}admin \(ATRIUM_ADMIN_TOKEN\) \(\S+\)\nRole: {6}admin\n/);
    expect(text.stdout).toContain('Graphs:    all\n');
    expect(text.stdout).toContain(`Registry:  ${registry.url}\n`);
    const json = await runCli(['whoami', '--json'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({
      whoami: { name: 'admin (ATRIUM_ADMIN_TOKEN)', role: 'admin', graphs: null, team: null },
      registry: registry.url,
    });
    const anonymous = await runCli(['whoami'], { env: { ATRIUM_REGISTRY_URL: registry.url } });
    expect(anonymous.code).toBe(3);
  });

  it('publishes a whole supergraph.yaml in one step, with git context from GitHub Actions', async () => {
    expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
    const config = await supergraphYaml();
    // inventory @requires products' fields: alone it does not compose.
    const alone = await runCli(
      [
        ...[
          'subgraph',
          'publish',
          'shop@prod',
          '--name',
          'inventory',
          '--schema',
          join(dir, 'inventory.graphql'),
        ],
        ...['--routing-url', 'http://127.0.0.1:4004/graphql'],
      ],
      { env },
    );
    expect(alone.code).toBe(1);
    const ci = {
      ...env,
      GITHUB_ACTIONS: 'true',
      GITHUB_SHA: '0123456789abcdef0123',
      GITHUB_REF: 'refs/pull/42/merge',
      GITHUB_HEAD_REF: 'feature/inventory',
      GITHUB_REF_NAME: '42/merge',
      GITHUB_ACTOR: 'ada',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
    };
    const published = await runCli(['subgraph', 'publish', 'shop@prod', '--config', config], { env: ci });
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(
      /^Created variant shop@prod with this first publish\.\nPublished 4 subgraphs to shop@prod at once: supergraph version 1 \([0-9a-f]{12}\)\.\n/,
    );
    expect(published.stdout).toContain('  created inventory\n');
    const history = await runCli(['graph', 'history', 'shop@prod', '--json'], { env });
    const versions = (JSON.parse(history.stdout) as { versions: { git: unknown; change: unknown }[] })
      .versions;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      change: { action: 'publish', subgraphs: ['accounts', 'inventory', 'products', 'reviews'] },
      git: {
        commit: '0123456789abcdef0123',
        branch: 'feature/inventory',
        author: 'ada',
        prUrl: 'https://github.com/acme/shop/pull/42',
      },
    });
    const table = await runCli(['graph', 'history', 'shop@prod'], { env });
    expect(table.stdout).toContain(
      'feature/inventory @ 0123456789ab, by ada, https://github.com/acme/shop/pull/42',
    );
    const again = await runCli(['subgraph', 'publish', 'shop@prod', '--config', config], { env });
    expect(again.stdout).toBe('All 4 subgraphs in shop@prod are unchanged: supergraph stays at version 1.\n');
    const conflicting = await runCli(
      ['subgraph', 'publish', 'shop@prod', '--config', config, '--name', 'x'],
      { env },
    );
    expect(conflicting.code).toBe(2);
    expect(conflicting.stderr).toBe('error: --config conflicts with --name\n');
  });

  it('lets a later check pass when an approval of its context covers it (--context-id)', async () => {
    const removed = join(dir, 'accounts-no-name.graphql');
    const sdl = await readFile(exampleSchemaPath('accounts'), 'utf8');
    const withoutField = sdl.replace(/\n\s*birthday[^\n]*\n/, '\n');
    expect(withoutField).not.toBe(sdl);
    await writeFile(removed, withoutField);
    const args = ['subgraph', 'check', 'shop@prod', '--name', 'accounts', '--schema', removed];
    const first = await runCli([...args, '--context-id', 'pr-9', '--commit', 'abc123', '--json'], { env });
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const check = (JSON.parse(first.stdout) as { checkId: string }).checkId;
    expect((await runCli(['check', 'approve', check, '--reason', 'moved'], { env })).code).toBe(0);
    const shown = await runCli(['check', 'show', check], { env });
    expect(shown.stdout).toContain('Git: abc123.\n');
    expect(shown.stdout).toContain('Context: pr-9.\n');

    // A later commit of the same pull request: another SDL (a new field too), with the same breaking change.
    const nextCommit = join(dir, 'accounts-next.graphql');
    await writeFile(nextCommit, withoutField.replace('id: ID!', 'id: ID!\n  nickname: String'));
    const later = ['subgraph', 'check', 'shop@prod', '--name', 'accounts', '--schema', nextCommit];
    const covered = await runCli([...later, '--context-id', 'pr-9'], { env });
    expect(covered.code, covered.stdout).toBe(0);
    expect(covered.stdout).toContain(
      `The failing changes are covered by the approval of check ${check} by admin (ATRIUM_ADMIN_TOKEN) for context pr-9 (moved)`,
    );
    const otherContext = await runCli([...later, '--context-id', 'pr-10'], { env });
    expect(otherContext.code).toBe(1);
  });

  it('SUBGRAPH_NOT_FOUND names the subgraphs there are', async () => {
    const result = await runCli(['subgraph', 'fetch', 'shop@prod', '--name', 'account'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: [SUBGRAPH_NOT_FOUND] Subgraph "account" does not exist in shop@prod ' +
        '(existing subgraphs: accounts, inventory, products, reviews)\n',
    );
  });

  it('deletes a variant and a graph only with --yes when there is no terminal', async () => {
    const config = await supergraphYaml();
    expect((await runCli(['subgraph', 'publish', 'shop@dev', '--config', config], { env })).code).toBe(0);
    const unconfirmed = await runCli(['variant', 'delete', 'shop@dev'], { env });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe(
      'error: Deleting variant shop@dev with its subgraphs and history cannot be undone: pass --yes to confirm (there is no terminal to ask on)\n',
    );
    const variant = await runCli(['variant', 'delete', 'shop@dev', '--yes', '--reason', 'done'], { env });
    expect(variant.code, variant.stderr).toBe(0);
    expect(variant.stdout).toBe(
      'Deleted variant shop@dev (4 subgraphs, 1 version). Hubs polling it now get 404 VARIANT_DELETED.\n',
    );
    const gone = await runCli(['supergraph', 'fetch', 'shop@dev'], { env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      /^error: \[VARIANT_DELETED\] Variant shop@dev was deleted by admin \(ATRIUM_ADMIN_TOKEN\) at \S+ \(reason: done\)\n$/,
    );

    expect((await runCli(['graph', 'delete', 'shop'], { env })).code).toBe(2);
    const graph = await runCli(['graph', 'delete', 'shop', '--yes'], { env });
    expect(graph.code, graph.stderr).toBe(0);
    expect(graph.stdout).toBe(
      'Deleted graph shop (variants: prod). Hubs polling it now get 404 GRAPH_DELETED.\n',
    );
    const list = await runCli(['graph', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout)).toEqual({ graphs: [] });
  });

  it('revokes a token by name, and the last admin token only with --yes', async () => {
    const created = await runCli(['token', 'create', '--name', 'ci-bot', '--role', 'reader'], { env });
    expect(created.code).toBe(0);
    const revoked = await runCli(['token', 'revoke', 'ci-bot'], { env });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/^Revoked token \S+ \(ci-bot\)\.\n$/);

    const last = await runCli(['token', 'revoke', 'admin (ATRIUM_ADMIN_TOKEN)'], { env });
    expect(last.code).toBe(2);
    expect(last.stderr).toBe(
      'error: Token admin (ATRIUM_ADMIN_TOKEN) is the last active admin token: revoking it cannot be undone: pass --yes to confirm (there is no terminal to ask on)\n',
    );
    expect((await runCli(['whoami'], { env })).code).toBe(0);
    const confirmed = await runCli(['token', 'revoke', 'admin (ATRIUM_ADMIN_TOKEN)', '--yes'], { env });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect((await runCli(['whoami'], { env })).code).toBe(3);
  });
});
