import { Command } from 'commander';
import { pino } from 'pino';
import { loadRegistryConfig } from '../../../registry/config.js';
import { startRegistry, type RunningRegistry } from '../../../registry/server.js';
import type { CommandContext, JsonFlag } from '../../command-context.js';
import { parsePort } from '../../parse-port.js';
import { waitForShutdownSignal } from '../../wait-for-signal.js';

interface Flags extends JsonFlag {
  readonly port?: number;
  readonly host?: string;
  readonly dataDir?: string;
}

export function startRegistryCommand(ctx: CommandContext): Command {
  return new Command('start')
    .description(
      'run the schema registry: embedded PGlite in --data-dir, or PostgreSQL when $DATABASE_URL is set; ' +
        'the first start prints an admin token once (or uses $ATRIUM_ADMIN_TOKEN; a revoked one is refused: exit 1, ' +
        'ADMIN_TOKEN_UNUSABLE); approval lifetime, limits and workers are set with ATRIUM_* variables (docs/cli.md)',
    )
    .option('--port <port>', 'TCP port (default: $PORT or 4100)', parsePort)
    .option('--host <host>', 'interface to listen on (default: 127.0.0.1)')
    .option('--data-dir <dir>', 'PGlite data directory (default: $ATRIUM_DATA_DIR or .atrium/registry-db)')
    .option('--json', 'print one JSON document { url, initialAdminToken } on stdout; logs go to stderr')
    .action(async (flags: Flags) => {
      const registry = await startRegistryFromEnv(ctx, flags);
      if (flags.json) {
        ctx.io.stdout(
          `${JSON.stringify({ url: registry.url, initialAdminToken: registry.initialAdminToken })}\n`,
        );
      } else {
        ctx.io.stdout(`Atrium registry listening on ${registry.url}\n`);
        if (registry.initialAdminToken) {
          ctx.io.stdout(
            `\nFirst start: created an admin token. It is shown only now; keep it safe:\n\n  ${registry.initialAdminToken}\n\n`,
          );
        }
      }
      await waitForShutdownSignal();
      await registry.close();
    });
}

async function startRegistryFromEnv(ctx: CommandContext, flags: Flags): Promise<RunningRegistry> {
  const config = loadRegistryConfig(ctx.io.env);
  return startRegistry({
    ...config,
    // With --json, stdout holds exactly one JSON document: the logs go to stderr.
    ...(flags.json ? { logger: pino({ level: 'info' }, pino.destination(2)) } : {}),
    port: flags.port ?? config.port,
    host: flags.host ?? '127.0.0.1',
    dataDir: flags.dataDir ?? config.dataDir,
    databaseUrl: config.databaseUrl,
    adminToken: config.adminToken,
    approvalTtlSeconds: config.approvalTtlSeconds,
  });
}
