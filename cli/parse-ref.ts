import { InvalidGraphRefError, parseGraphRef, type GraphRef } from './client/index.js';
import { CliError } from './cli-error.js';

export function parseRef(text: string): GraphRef {
  try {
    return parseGraphRef(text);
  } catch (error) {
    if (error instanceof InvalidGraphRefError) throw CliError.usage(error.message);
    throw error;
  }
}
