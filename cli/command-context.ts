import { Command, Option } from 'commander';
import { RegistryClient } from './client/index.js';
import type { CliIo } from './cli-io.js';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import { selectedProfile } from './profiles.js';

export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4100';

/** Where the registry URL and token of the last client came from, for actionable error messages. */
export interface ClientOrigin {
  readonly url: string;
  readonly urlFrom: string;
  /** `--token`, `$ATRIUM_TOKEN`, `profile prod`, or undefined when no token was given. */
  readonly tokenFrom: string | undefined;
}

/** What every command factory receives: its I/O and how to reach the registry. */
export interface CommandContext {
  readonly io: CliIo;
  /** Set by an action; `run` returns it. */
  exitCode: ExitCode;
  createClient(options: RegistryFlags): RegistryClient;
  /** Set by createClient. */
  clientOrigin?: ClientOrigin;
  /** The whole command tree, every command built (for `atrium completion`); set by `run`. */
  commandTree?: () => Promise<Command>;
}

export interface RegistryFlags {
  readonly registry?: string;
  readonly token?: string;
  readonly profile?: string;
}

export interface JsonFlag {
  readonly json?: boolean;
}

/** Where to reach the registry: flags, then the environment, then the profile, then the default URL. */
export function resolveRegistry(io: CliIo, flags: RegistryFlags): ClientOrigin & { token?: string } {
  const { name, profile } = selectedProfile(io.env, flags.profile);
  const [url, urlFrom] =
    flags.registry !== undefined
      ? [flags.registry, '--registry']
      : io.env.ATRIUM_REGISTRY_URL
        ? [io.env.ATRIUM_REGISTRY_URL, '$ATRIUM_REGISTRY_URL']
        : profile['registry-url']
          ? [profile['registry-url'], `profile ${name}`]
          : [DEFAULT_REGISTRY_URL, 'the default'];
  const [token, tokenFrom] =
    flags.token !== undefined
      ? [flags.token, '--token']
      : io.env.ATRIUM_TOKEN
        ? [io.env.ATRIUM_TOKEN, '$ATRIUM_TOKEN']
        : profile.token
          ? [profile.token, `profile ${name}`]
          : [undefined, undefined];
  if (!isHttpUrl(url)) {
    throw CliError.usage(
      `${urlFrom === '--registry' ? '--registry' : `the registry URL (${urlFrom})`} "${url}" is not an http(s) URL, e.g. ${DEFAULT_REGISTRY_URL}`,
    );
  }
  return { url, urlFrom, tokenFrom, ...(token === undefined ? {} : { token }) };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function createCommandContext(io: CliIo): CommandContext {
  const ctx: CommandContext = {
    io,
    exitCode: ExitCode.OK,
    createClient(flags) {
      const { token, ...origin } = resolveRegistry(io, flags);
      ctx.clientOrigin = origin;
      return new RegistryClient({ url: origin.url, token });
    },
  };
  return ctx;
}

/** A command that talks to the registry: `--registry`, `--token`, `--profile` and `--json`. */
export function registryCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .addOption(
      new Option(
        '--registry <url>',
        `registry URL (default: $ATRIUM_REGISTRY_URL, the profile's registry-url, or ${DEFAULT_REGISTRY_URL})`,
      ),
    )
    .addOption(
      new Option('--token <token>', "registry token (default: $ATRIUM_TOKEN or the profile's token)"),
    )
    .addOption(
      new Option(
        '--profile <name>',
        'profile of `atrium config` to use (default: $ATRIUM_PROFILE or "default")',
      ),
    )
    .option('--json', 'print machine-readable JSON on stdout');
}

/** Print a result: JSON when asked, else the human text. */
export function report(ctx: CommandContext, flags: JsonFlag, json: unknown, human: () => string): void {
  if (flags.json) ctx.io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else ctx.io.stdout(human());
}
