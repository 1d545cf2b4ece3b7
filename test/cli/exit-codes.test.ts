// The CLI's documented exit codes and --json shapes, against a real registry on an ephemeral port.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../registry/server.js';
import { runCli } from '../helpers/cli.js';

const ADMIN = 'atr_cli_test_admin_0123456789abcdefghij';
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
type Query { hello: String }`;

let registry: Awaited<ReturnType<typeof startRegistry>>;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, dataDir: 'memory://', adminToken: ADMIN, logger: false });
  env = { ATRIUM_REGISTRY_URL: registry.url, ATRIUM_TOKEN: ADMIN };
  expect((await runCli(['graph', 'create', 'cli'], { env })).code).toBe(0);
});

afterAll(async () => {
  await registry.close();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('atrium exit codes', () => {
  it('0 and the exit-code table for --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('3  cannot reach or authenticate to the registry');
  });

  it('2 for a missing required option, an unknown option and an invalid graph ref', async () => {
    expect((await runCli(['subgraph', 'publish', 'cli@main', '--schema', '-'], { env })).code).toBe(2);
    expect((await runCli(['subgraph', 'list', 'cli@main', '--no-such-flag'], { env })).code).toBe(2);
    const badRef = await runCli(['subgraph', 'list', 'not a ref'], { env });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('invalid graph ref');
  });

  it('2 for an unreadable schema file', async () => {
    const result = await runCli(
      [
        'subgraph',
        'publish',
        'cli@main',
        '--name',
        'a',
        '--schema',
        '/nonexistent/schema.graphql',
        '--routing-url',
        'http://127.0.0.1:1/graphql',
      ],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read schema file');
  });

  it('3 when the registry cannot be reached, with a JSON error under --json', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli(['subgraph', 'list', 'cli@main', '--json'], {
      env: { ...env, ATRIUM_REGISTRY_URL: url },
    });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'REGISTRY_UNREACHABLE' } });
  });

  it('3 when the token is refused', async () => {
    const result = await runCli(['subgraph', 'list', 'cli@main'], {
      env: { ...env, ATRIUM_TOKEN: 'atr_wrong' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('UNAUTHENTICATED');
  });

  it('0 for publish, then 0 with "unchanged" for the same SDL again', async () => {
    const args = [
      'subgraph',
      'publish',
      'cli@main',
      '--name',
      'hello',
      '--schema',
      '-',
      '--routing-url',
      'http://127.0.0.1:9/graphql',
    ];
    const first = await runCli(args, { env, stdin: SDL });
    expect(first.code, first.stderr).toBe(0);
    const again = await runCli([...args, '--json'], { env, stdin: SDL });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', version: { version: 1 } });
  });

  it('1 for malformed SDL, with the location', async () => {
    const result = await runCli(['subgraph', 'publish', 'cli@main', '--name', 'hello', '--schema', '-'], {
      env,
      stdin: 'type Query { hello: String',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('INVALID_SDL');
    expect(result.stderr).toMatch(/line \d+, column \d+/);
  });

  it('1 when a subgraph does not exist', async () => {
    const result = await runCli(['subgraph', 'fetch', 'cli@main', '--name', 'nope', '--json'], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'SUBGRAPH_NOT_FOUND', status: 404 } });
  });

  it('requires --routing-url on the first publish of a subgraph only', async () => {
    const result = await runCli(['subgraph', 'publish', 'cli@main', '--name', 'fresh', '--schema', '-'], {
      env,
      stdin: SDL,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--routing-url is required');
  });
});
