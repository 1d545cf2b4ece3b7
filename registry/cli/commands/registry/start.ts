import { Command } from 'commander';
import { loadRegistryConfig } from '../../../config.js';
import { RegistryError } from '../../../errors.js';
import { startRegistry, type RunningRegistry } from '../../../server.js';
import { CliError } from '../../cli-error.js';
import type { CommandContext, JsonFlag } from '../../command-context.js';
import { ExitCode } from '../../exit-codes.js';
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
        'ADMIN_TOKEN_UNUSABLE); $ATRIUM_APPROVAL_TTL_SECONDS: how long check approvals apply (default 7 days)',
    )
    .option('--port <port>', 'TCP port (default: $PORT or 4100)', parsePort)
    .option('--host <host>', 'interface to listen on (default: 127.0.0.1)')
    .option('--data-dir <dir>', 'PGlite data directory (default: $ATRIUM_DATA_DIR or .atrium/registry-db)')
    .option('--json', 'print the start-up line as JSON')
    .action(async (flags: Flags) => {
      const registry = await startRegistryFromEnv(ctx, flags).catch(explainStartFailure);
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
    port: flags.port ?? config.port,
    host: flags.host ?? '127.0.0.1',
    dataDir: flags.dataDir ?? config.dataDir,
    databaseUrl: config.databaseUrl,
    adminToken: config.adminToken,
    approvalTtlSeconds: config.approvalTtlSeconds,
  });
}

/**
 * A catalogue error raised at start (invalid environment: exit 2; a refused ATRIUM_ADMIN_TOKEN: exit 1) is printed
 * as `[CODE] message`, without a stack trace.
 */
function explainStartFailure(error: unknown): never {
  if (error instanceof RegistryError) {
    const exitCode = error.code === 'INVALID_CONFIG' ? ExitCode.USAGE : ExitCode.REJECTED;
    throw new CliError(`[${error.code}] ${error.message}`, exitCode, error.code);
  }
  throw error;
}
