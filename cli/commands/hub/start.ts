import { Command } from 'commander';
import { loadHubConfig } from '../../../hub/config/load-hub-config.js';
import { runHub } from '../../../hub/main.js';
import { HubError } from '../../../policies/contract/hub-error.js';
import { CliError } from '../../cli-error.js';
import { ExitCode } from '../../exit-codes.js';
import { DEFAULT_REGISTRY_URL, type CommandContext } from '../../command-context.js';
import { parsePort } from '../../parse-port.js';
import { parseRef } from '../../parse-ref.js';

interface Flags {
  readonly port?: number;
  readonly host?: string;
  readonly config?: string;
  readonly graph?: string;
  readonly registry?: string;
  readonly token?: string;
  readonly supergraph?: string;
  readonly json?: boolean;
}

export function startHubCommand(ctx: CommandContext): Command {
  return new Command('start')
    .description(
      'run the hub (gateway) over a supergraph polled from the registry (--graph) or read from a file (--supergraph)',
    )
    .option('--port <port>', 'TCP port (default: 4000, or the config file)', parsePort)
    .option('--host <host>', 'interface to listen on (default: 127.0.0.1, or the config file)')
    .option('--config <file>', 'hub config file, YAML or JSON (see docs/configuration.md)')
    .option('--graph <graph@variant>', 'poll this graph variant from the registry')
    .option(
      '--registry <url>',
      `registry URL, also for the registry source of --config (default: $ATRIUM_REGISTRY_URL or ${DEFAULT_REGISTRY_URL})`,
    )
    .option(
      '--token <token>',
      'registry reader token, also for the registry source of --config (default: $ATRIUM_TOKEN)',
    )
    .option('--supergraph <file>', 'serve this supergraph file and reload it when it changes')
    .option('--json', 'accepted for symmetry; the hub logs JSON lines')
    .action(async (flags: Flags) => {
      if (flags.graph && flags.supergraph)
        throw CliError.usage('use either --graph or --supergraph, not both');
      if (flags.supergraph && (flags.registry !== undefined || flags.token !== undefined))
        throw CliError.usage(
          '--registry and --token set the registry source; they do not go with --supergraph',
        );
      if (flags.graph) parseRef(flags.graph);
      const config = loadConfigOrExplain({
        ...(flags.config ? { file: flags.config } : {}),
        env: ctx.io.env,
        cwd: ctx.io.cwd,
        overrides: {
          ...(flags.port === undefined && flags.host === undefined
            ? {}
            : {
                server: {
                  ...(flags.port === undefined ? {} : { port: flags.port }),
                  ...(flags.host ? { host: flags.host } : {}),
                },
              }),
          ...(flags.graph
            ? {
                supergraph: {
                  registry: {
                    url: flags.registry ?? ctx.io.env.ATRIUM_REGISTRY_URL ?? DEFAULT_REGISTRY_URL,
                    graph: flags.graph,
                    ...((flags.token ?? ctx.io.env.ATRIUM_TOKEN)
                      ? { token: flags.token ?? ctx.io.env.ATRIUM_TOKEN }
                      : {}),
                  },
                },
              }
            : registrySourceFlags(flags)),
          ...(flags.supergraph ? { supergraph: { file: flags.supergraph } } : {}),
        },
      });
      await runHub(config);
    });
}

/** An invalid or unreadable config file is a usage error (exit 2): every problem with its path, no stack. */
function loadConfigOrExplain(options: Parameters<typeof loadHubConfig>[0]): ReturnType<typeof loadHubConfig> {
  try {
    return loadHubConfig(options);
  } catch (error) {
    if (error instanceof HubError && error.code === 'CONFIG_INVALID') {
      throw new CliError(
        `${error.message}\nFix the hub configuration (docs/configuration.md lists every key) and start again.`,
        ExitCode.USAGE,
        'CONFIG_INVALID',
      );
    }
    throw error;
  }
}

/**
 * Without --graph, --registry and --token still apply: to the registry source the config file names (the
 * environment's ATRIUM_REGISTRY_URL / ATRIUM_TOKEN are below them, see docs/configuration.md). Given alone,
 * they name a registry source without a graph, which the configuration check reports.
 */
function registrySourceFlags(flags: Flags): { supergraph?: { registry: { url?: string; token?: string } } } {
  if (flags.registry === undefined && flags.token === undefined) return {};
  return {
    supergraph: {
      registry: {
        ...(flags.registry === undefined ? {} : { url: flags.registry }),
        ...(flags.token === undefined ? {} : { token: flags.token }),
      },
    },
  };
}
