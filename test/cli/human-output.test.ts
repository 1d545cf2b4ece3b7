// Issue 9, defect 14: owners in `subgraph list`, teams in `token list`; ✔/✖ and colours on a terminal only,
// NO_COLOR and FORCE_COLOR honoured, plain text when piped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_human_output_admin_0123456789abcdef';
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { hello: String }`;
const ESC = '\u001b[';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  expect((await runCli(['graph', 'create', 'shop'], { env })).code).toBe(0);
  const publish = await runCli(
    [
      'subgraph',
      'publish',
      'shop@dev',
      '--name',
      'hello',
      '--schema',
      '-',
      '--routing-url',
      'http://127.0.0.1:9/graphql',
      '--owner-team',
      'greeters',
      '--owner-contact',
      '#greeters',
    ],
    { env, stdin: SDL },
  );
  expect(publish.code, publish.stderr).toBe(0);
  const token = await runCli(
    ['token', 'create', '--name', 'ci-hello', '--role', 'publisher', '--team', 'greeters'],
    { env },
  );
  expect(token.code, token.stderr).toBe(0);
});

afterAll(async () => {
  await registry?.close();
});

describe('human output', () => {
  it('subgraph list shows the owner team and contact', async () => {
    const result = await runCli(['subgraph', 'list', 'shop@dev'], { env });
    expect(result.stdout).toMatch(/^NAME\s+OWNER\s+CONTACT\s+ROUTING URL/);
    expect(result.stdout).toMatch(/hello\s+greeters\s+#greeters\s+http:\/\/127\.0\.0\.1:9\/graphql/);
  });

  it('token list shows the team', async () => {
    const result = await runCli(['token', 'list'], { env });
    expect(result.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+TEAM\s+GRAPHS/);
    expect(result.stdout).toMatch(/ci-hello\s+publisher\s+greeters/);
  });

  const diff = ['schema', 'diff', '-', 'test/fixtures/checks/old.graphql'];
  const stdin = 'type Query { hello: String }';

  it('is plain when piped: no marks, no colours', async () => {
    const result = await runCli(diff, { env: {}, stdin });
    expect(result.stdout).toMatch(/^Schema check failed/);
    expect(result.stdout).not.toContain(ESC);
  });

  it('marks and colours the verdict on a terminal', async () => {
    const result = await runCli(diff, { env: {}, stdin, tty: true });
    expect(result.stdout.startsWith(`${ESC}31m✖ Schema check failed`)).toBe(true);
  });

  it('NO_COLOR keeps the marks but drops the colours on a terminal', async () => {
    const result = await runCli(diff, { env: { NO_COLOR: '1' }, stdin, tty: true });
    expect(result.stdout).toMatch(/^✖ Schema check failed/);
    expect(result.stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR colours piped output too', async () => {
    const result = await runCli(diff, { env: { FORCE_COLOR: '1' }, stdin });
    expect(result.stdout.startsWith(`${ESC}31m✖ Schema check failed`)).toBe(true);
    const off = await runCli(diff, { env: { FORCE_COLOR: '0' }, stdin, tty: true });
    expect(off.stdout).not.toContain(ESC);
  });
});
