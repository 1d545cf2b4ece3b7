import { Command, Option } from 'commander';
import { RegistryClient } from './client/index.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';

export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4100';

/** What every command factory receives: its I/O and how to reach the registry. */
export interface CommandContext {
  readonly io: CliIo;
  /** Set by an action; `run` returns it. */
  exitCode: ExitCode;
  createClient(options: RegistryFlags): RegistryClient;
}

export interface RegistryFlags {
  readonly registry?: string;
  readonly token?: string;
}

export interface JsonFlag {
  readonly json?: boolean;
}

export function createCommandContext(io: CliIo): CommandContext {
  return {
    io,
    exitCode: ExitCode.OK,
    createClient(flags) {
      return new RegistryClient({
        url: flags.registry ?? io.env.ATRIUM_REGISTRY_URL ?? DEFAULT_REGISTRY_URL,
        token: flags.token ?? io.env.ATRIUM_TOKEN,
      });
    },
  };
}

/** A command that talks to the registry: `--registry`, `--token` and `--json`. */
export function registryCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .addOption(
      new Option(
        '--registry <url>',
        `registry URL (default: $ATRIUM_REGISTRY_URL or ${DEFAULT_REGISTRY_URL})`,
      ),
    )
    .addOption(new Option('--token <token>', 'registry token (default: $ATRIUM_TOKEN)'))
    .option('--json', 'print machine-readable JSON on stdout');
}

/** Print a result: JSON when asked, else the human text. */
export function report(ctx: CommandContext, flags: JsonFlag, json: unknown, human: () => string): void {
  if (flags.json) ctx.io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else ctx.io.stdout(human());
}
