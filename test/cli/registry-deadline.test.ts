// The CLI's registry client against a registry that accepts connections but never answers (or stalls in the
// middle of its body): it must give up with its "cannot reach the registry" error once its timeout is over,
// even across garbage collections, and the CLI must exit 3.
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryClient, RegistryUnreachableError } from '../../cli/client/index.js';
import { runCli } from '../helpers/cli.js';
import { whileCollectingGarbage, within } from '../helpers/gc.js';
import { startHangingServer, type HangingMode, type HangingServer } from '../helpers/hanging-server.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hanging(mode: HangingMode): Promise<HangingServer> {
  const server = await startHangingServer(mode);
  cleanups.push(() => server.close());
  return server;
}

describe.each<HangingMode>(['silent', 'stalled-body'])('a registry that hangs (%s)', (mode) => {
  it('makes the client fail with RegistryUnreachableError once timeoutMs is over', async () => {
    const registry = await hanging(mode);
    const client = new RegistryClient({ url: registry.url, token: 't', timeoutMs: 500 });
    const failure = await within(
      whileCollectingGarbage(
        client.listGraphs().then(
          () => 'answered',
          (error: unknown) => error,
        ),
      ),
      10_000,
    );
    expect(registry.connections).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(RegistryUnreachableError);
    expect((failure as Error).message).toBe(
      `cannot reach the registry at ${registry.url}: no complete answer within 500 ms`,
    );
  });
});

describe('atrium against a registry that hangs', () => {
  it('exits 3 with "cannot reach the registry" once the default 30 s timeout is over', async () => {
    const registry = await hanging('silent');
    const result = await within(
      whileCollectingGarbage(runCli(['graph', 'list', '--registry', registry.url, '--token', 't']), 500),
      45_000,
    );
    expect(result?.code).toBe(3);
    expect(result?.stderr).toContain(`cannot reach the registry at ${registry.url}`);
  }, 60_000);
});
