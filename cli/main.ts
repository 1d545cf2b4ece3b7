import { CommanderError } from 'commander';
import { processIo, type CliIo } from './cli-io.js';
import { createCommandContext, type ClientOrigin } from './command-context.js';
import { describeFailure } from './describe-failure.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Run the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const ctx = createCommandContext(io);
  ctx.commandTree = () => buildProgram(ctx, [], { all: true });
  const json = argv.includes('--json');
  try {
    // Under --json, commander's usage errors become `{ error: { code: "USAGE", message } }` on stdout.
    const program = await buildProgram(
      ctx,
      argv,
      json ? { quietErrors: true, onError: () => undefined } : {},
    );
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(io, json, error, ctx.clientOrigin);
  }
}

function reportFailure(io: CliIo, json: boolean, error: unknown, origin: ClientOrigin | undefined): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has printed its message or the help text (unless --json); it exits 0 only for --help and -V.
    if (error.exitCode === 0) return ExitCode.OK;
    if (json) {
      const message =
        error.code === 'commander.help' || error.code === 'commander.helpDisplayed'
          ? 'a command is required (run with --help for the list)'
          : error.message.replace(/^error: /, '');
      io.stdout(`${JSON.stringify({ error: { code: 'USAGE', message } }, null, 2)}\n`);
    }
    return ExitCode.USAGE;
  }
  const failure = describeFailure(error, origin);
  if (json) io.stdout(`${JSON.stringify({ error: failure.body }, null, 2)}\n`);
  else io.stderr(`error: ${failure.text}\n`);
  return failure.exitCode;
}
