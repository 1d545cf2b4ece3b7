import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CliError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { ExitCode } from './exit-codes.js';

export interface YesFlag {
  readonly yes?: boolean;
}

/**
 * Confirms a destructive command: `--yes`, or on a terminal typing `expected` at the prompt. Without a terminal
 * and without `--yes` it is a usage error (exit 2): a script must say so explicitly. A wrong answer: exit 1.
 */
export async function confirmDestructive(
  ctx: CommandContext,
  flags: YesFlag,
  expected: string,
  what: string,
): Promise<void> {
  if (flags.yes) return;
  const stdin = ctx.io.stdin as Readable & { isTTY?: boolean };
  if (stdin.isTTY !== true) {
    throw CliError.usage(`${what} cannot be undone: pass --yes to confirm (there is no terminal to ask on)`);
  }
  ctx.io.stderr(`${what} cannot be undone. Type ${expected} to confirm: `);
  const answer = await readLine(stdin);
  if (answer.trim() !== expected) {
    throw new CliError(
      `not confirmed (expected ${expected}); nothing was changed`,
      ExitCode.REJECTED,
      'NOT_CONFIRMED',
    );
  }
}

function readLine(input: Readable): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      resolve(line);
    });
    lines.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
