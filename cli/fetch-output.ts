import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { CliError } from './cli-error.js';
import type { CommandContext } from './command-context.js';

export interface OutputFlag {
  readonly output?: string;
}

export const outputOption = (what: string): Option =>
  new Option(
    '--output <file>',
    `write the ${what} to this file, byte for byte (stdout gets a one-line summary)`,
  );

/**
 * What a fetch command prints: the SDL exactly as stored, no newline added, so `> file` and `--output file` both
 * hold bytes that hash to the registry's version hash; or, with `--output`, the file and a one-line summary.
 */
export async function emitSdl(
  ctx: CommandContext,
  flags: OutputFlag & { json?: boolean },
  sdl: string,
  summary: string,
  json: unknown,
): Promise<void> {
  if (flags.output !== undefined) {
    try {
      await writeFile(resolve(ctx.io.cwd, flags.output), sdl, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw CliError.usage(`cannot write ${flags.output}: ${reason}`);
    }
  }
  if (flags.json) ctx.io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else if (flags.output !== undefined) ctx.io.stdout(`Wrote ${summary} to ${flags.output}.\n`);
  else ctx.io.stdout(sdl);
}
