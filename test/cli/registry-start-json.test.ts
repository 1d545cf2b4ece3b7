// Issue 9, defect 7: `registry start --json` prints exactly one JSON document on stdout; its logs go to stderr.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, type CliProcess } from '../helpers/cli-process.js';

let cli: CliProcess | undefined;
afterEach(async () => {
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

describe('atrium registry start --json', () => {
  it('prints one JSON document on stdout and logs on stderr', async () => {
    cli = spawnCli(['registry', 'start', '--port', '0', '--data-dir', 'memory://', '--json']);
    const line = await cli.line((l) => l.includes('"url"'), 60_000);
    const doc = JSON.parse(line) as { url: string; initialAdminToken: string | null };
    expect(doc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(doc.initialAdminToken).toMatch(/^atr_/);
    const health = await fetch(`${doc.url}/v1/graphs`, {
      headers: { authorization: `Bearer ${doc.initialAdminToken}` },
    });
    expect(health.status).toBe(200); // the request is logged, on stderr
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.parse(cli.stdout())).toEqual(doc);
    expect(cli.stderr()).toContain('"msg"');
  });
});
