import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import type { CliIo } from './cli-io.js';
import { CliError } from './cli-error.js';

/** Read SDL from a file path, or from stdin when the path is `-`. */
export async function readSchemaInput(io: CliIo, path: string): Promise<string> {
  if (path === '-') return text(io.stdin);
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw CliError.usage(`cannot read schema file ${path}: ${reason}`);
  }
}
