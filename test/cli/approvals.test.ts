// What users see of approvals: a forced delete is audited with its own reason, a repeated approval fails instead of
// saying "Approved" and storing nothing, and a stale approval is named when a publish is refused. Real registry.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleSchemaPath,
  exampleSubgraphSdl,
} from '../../subgraphs-example/index.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_approvals_admin_0123456789abcde';
const ADMIN_NAME = 'admin (ATRIUM_ADMIN_TOKEN)';
const REF = 'shop@prod';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;
let dir: string;

interface AuditEntry {
  action: string;
  actor: string;
  reason: string | null;
  checkId: string | null;
  details: Record<string, unknown>;
}

async function audit(): Promise<AuditEntry[]> {
  const result = await runCli(['graph', 'audit', REF, '--json'], { env });
  return (JSON.parse(result.stdout) as { entries: AuditEntry[] }).entries;
}

async function failedCheckId(argv: string[]): Promise<string> {
  const result = await runCli(['subgraph', 'check', REF, ...argv, '--json'], { env });
  expect(result.code, result.stderr).toBe(1);
  return (JSON.parse(result.stdout) as { checkId: string }).checkId;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atrium-approvals-'));
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
  await rm(dir, { recursive: true, force: true });
});

describe('approvals in the CLI', () => {
  it('records a forced delete as forced with its --reason, even when an older approval covers it', async () => {
    const checkId = await failedCheckId(['--name', 'reviews', '--delete']);
    const approved = await runCli(['check', 'approve', checkId, '--reason', 'old approval'], { env });
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`as ${ADMIN_NAME}, valid until `);
    expect(approved.stdout).toContain(
      'while the variant is at version 4: deleting reviews now passes the gate',
    );

    const forced = await runCli(
      ['subgraph', 'delete', REF, '--name', 'reviews', '--force', '--reason', 'incident 12'],
      { env },
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`Breaking changes forced by ${ADMIN_NAME}: incident 12.`);
    const [latest] = await audit();
    expect(latest).toMatchObject({
      action: 'delete.forced',
      actor: ADMIN_NAME,
      reason: 'incident 12',
      details: { approval: { checkId, reason: 'old approval' } },
    });
    const human = await runCli(['graph', 'audit', REF], { env });
    expect(human.stdout.split('\n')[1]).toMatch(
      /delete\.forced\s+admin \(ATRIUM_ADMIN_TOKEN\)\s+reviews\s+\S+\s+incident 12$/,
    );
  });

  it('fails a second `check approve` with CHECK_ALREADY_APPROVED (exit 1) and keeps one audited approval', async () => {
    const checkId = await failedCheckId(['--name', 'inventory', '--delete']);
    expect((await runCli(['check', 'approve', checkId, '--reason', 'first'], { env })).code).toBe(0);
    const second = await runCli(['check', 'approve', checkId, '--reason', 'second'], { env });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(
      new RegExp(
        `^error: \\[CHECK_ALREADY_APPROVED\\] Check ${checkId} was already approved by admin \\(ATRIUM_ADMIN_TOKEN\\) at \\S+ \\(reason: first\\), valid until \\S+\\n$`,
      ),
    );
    const approvals = (await audit()).filter((e) => e.action === 'check.approved' && e.checkId === checkId);
    expect(approvals.map((e) => e.reason)).toEqual(['first']);
    const shown = await runCli(['check', 'show', checkId], { env });
    expect(shown.stdout).toMatch(
      /Approved by admin \(ATRIUM_ADMIN_TOKEN\) at \S+: first \(valid until \S+; for base version 5\)\./,
    );
  });

  it('names an approval given against an older version when it refuses a publish', async () => {
    const schema = join(dir, 'products-breaking.graphql');
    await writeFile(schema, exampleSubgraphSdl('products').replace(/\n {2}name: String\n/, '\n'));
    const checkId = await failedCheckId(['--name', 'products', '--schema', schema]);
    expect((await runCli(['check', 'approve', checkId, '--reason', 'ok at v5'], { env })).code).toBe(0);
    // The variant moves on: a safe publish of accounts makes version 6.
    const accounts = join(dir, 'accounts.graphql');
    await writeFile(
      accounts,
      exampleSubgraphSdl('accounts').replace('type Query {', 'type Query {\n  ping: String'),
    );
    const moved = await runCli(['subgraph', 'publish', REF, '--name', 'accounts', '--schema', accounts], {
      env,
    });
    expect(moved.stdout, moved.stderr).toContain('supergraph version 6');

    const refused = await runCli(['subgraph', 'publish', REF, '--name', 'products', '--schema', schema], {
      env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Note: the approval of check ${checkId} does not apply: it was given against version 5, the variant is at version 6 now.\n`,
    );
    expect(refused.stderr).toMatch(/Publish refused: the check failed \(check [0-9a-f-]{36}\)/);
    const stale = await runCli(['check', 'approve', checkId], { env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('[CHECK_NOT_APPROVABLE]');
    expect(stale.stderr).toContain('the variant changed since this check ran');
  });

  it('says that --force was not needed when the check passes, instead of dropping the reason silently', async () => {
    const accounts = join(dir, 'accounts-more.graphql');
    await writeFile(
      accounts,
      exampleSubgraphSdl('accounts').replace('type Query {', 'type Query {\n  ping: String\n  pong: String'),
    );
    const result = await runCli(
      [
        'subgraph',
        'publish',
        REF,
        '--name',
        'accounts',
        '--schema',
        accounts,
        '--force',
        '--reason',
        'just in case',
      ],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'The check passed: --force was not needed, nothing was forced or audited.',
    );
    expect((await audit())[0]?.reason).not.toBe('just in case');
  });
});
