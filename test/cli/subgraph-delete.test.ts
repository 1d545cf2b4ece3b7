// `atrium subgraph delete` and its gate (blocked, approved, forced) on the example graph, against a real registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { EXAMPLE_SUBGRAPH_NAMES, exampleSchemaPath } from '../../subgraphs-example/index.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_delete_admin_0123456789abcdefghi';
const REF = 'shop@current';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  for (const [index, name] of EXAMPLE_SUBGRAPH_NAMES.entries()) {
    const published = await runCli(
      [
        ...['subgraph', 'publish', REF, '--name', name, '--schema', exampleSchemaPath(name)],
        ...['--routing-url', `http://127.0.0.1:${4001 + index}/graphql`],
      ],
      { env },
    );
    expect(published.code, published.stderr).toBe(0);
  }
});

afterAll(async () => {
  await registry.close();
});

describe('atrium subgraph delete', () => {
  it('refuses a breaking delete like a blocked publish (exit 1), then deletes once the check is approved', async () => {
    const human = await runCli(['subgraph', 'delete', REF, '--name', 'reviews'], { env });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('Schema check failed');
    expect(human.stderr).toMatch(/Delete refused: the check failed \(check [0-9a-f-]{36}\)/);
    expect(human.stderr).toContain('delete with --force --reason');

    const json = await runCli(['subgraph', 'delete', REF, '--name', 'reviews', '--json'], { env });
    expect(json.code).toBe(1);
    const blocked = JSON.parse(json.stdout) as {
      status: string;
      checkId: string;
      report: { passed: boolean };
    };
    expect(blocked).toMatchObject({ status: 'blocked', report: { passed: false } });

    const approved = await runCli(['check', 'approve', blocked.checkId, '--reason', 'reviews retired'], {
      env,
    });
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('deleting reviews now passes the gate');
    const deleted = await runCli(['subgraph', 'delete', REF, '--name', 'reviews'], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/^Deleted subgraph reviews from shop@current: supergraph version 5\./);
    expect(deleted.stdout).toMatch(
      /Breaking changes approved by .+ \(check [0-9a-f-]{36}\): reviews retired\./,
    );
    expect(deleted.stdout).toContain(blocked.checkId);
  });

  it('needs --reason with --force (exit 2), forces with one, and the audit log shows every step', async () => {
    expect((await runCli(['subgraph', 'delete', REF, '--name', 'inventory', '--force'], { env })).code).toBe(
      2,
    );
    const forced = await runCli(
      ['subgraph', 'delete', REF, '--name', 'inventory', '--force', '--reason', 'weights moved', '--json'],
      { env },
    );
    expect(forced.code, forced.stdout).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      status: 'deleted',
      version: { version: 6 },
      bypass: { kind: 'forced', reason: 'weights moved' },
    });

    const audit = await runCli(['graph', 'audit', REF, '--json'], { env });
    const entries = (JSON.parse(audit.stdout) as { entries: { action: string }[] }).entries;
    expect(entries.map((e) => e.action)).toEqual([
      'delete.forced',
      'delete.approved',
      'check.approved',
      'delete.blocked',
      'delete.blocked',
    ]);
    const checks = await runCli(['check', 'list', REF], { env });
    expect(checks.stdout).toMatch(/\bdelete\s+failed/);
  });
});
