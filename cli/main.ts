import { CommanderError } from 'commander';
import { RegistryApiError, RegistryUnreachableError } from './client/index.js';
import { RegistryError } from '../registry/errors.js';
import { processIo, type CliIo } from './cli-io.js';
import { CliError } from './cli-error.js';
import { createCommandContext } from './command-context.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Run the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const ctx = createCommandContext(io);
  const program = buildProgram(ctx);
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(io, json, error);
  }
}

function reportFailure(io: CliIo, json: boolean, error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message or the help text; it exits 0 only for --help and --version.
    return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  const failure = describe(error);
  if (json) io.stdout(`${JSON.stringify({ error: failure.body }, null, 2)}\n`);
  else io.stderr(`error: ${failure.text}\n`);
  return failure.exitCode;
}

interface Failure {
  readonly exitCode: ExitCode;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

function describe(error: unknown): Failure {
  if (error instanceof CliError) {
    return {
      exitCode: error.exitCode,
      text: error.message,
      body: { code: error.code, message: error.message },
    };
  }
  if (error instanceof RegistryUnreachableError) {
    return {
      exitCode: ExitCode.UNREACHABLE_OR_UNAUTHORIZED,
      text: error.message,
      body: { code: 'REGISTRY_UNREACHABLE', message: error.message },
    };
  }
  if (error instanceof RegistryError) {
    // Raised in this process by `registry start` (INVALID_CONFIG: exit 2; DATA_DIR_LOCKED, ADMIN_TOKEN_UNUSABLE:
    // exit 1): printed as `[CODE] message` with its details in --json, no stack trace.
    return {
      exitCode: error.code === 'INVALID_CONFIG' ? ExitCode.USAGE : ExitCode.REJECTED,
      text: `[${error.code}] ${error.message}`,
      body: error.toBody(),
    };
  }
  if (error instanceof RegistryApiError) {
    const locations = Array.isArray(error.details.locations)
      ? (error.details.locations as { line: number; column: number }[])
          .map((l) => `\n  at line ${l.line}, column ${l.column}`)
          .join('')
      : '';
    return {
      exitCode: error.isAuthFailure ? ExitCode.UNREACHABLE_OR_UNAUTHORIZED : ExitCode.REJECTED,
      text: `[${error.code}] ${error.message}${locations}`,
      body: { code: error.code, message: error.message, status: error.status, ...error.details },
    };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    exitCode: ExitCode.REJECTED,
    text: `unexpected failure: ${message}`,
    body: { code: 'INTERNAL', message },
  };
}
