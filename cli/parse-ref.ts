import { InvalidGraphRefError, parseGraphRef, type GraphRef } from './client/index.js';
import { CliError } from './cli-error.js';

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function parseRef(text: string): GraphRef {
  try {
    return parseGraphRef(text);
  } catch (error) {
    if (error instanceof InvalidGraphRefError) throw CliError.usage(error.message);
    throw error;
  }
}

/** A graph name where a graph (not a graph ref) is expected: `shop`, not `shop@dev`. */
export function parseGraphName(text: string): string {
  if (text.includes('@'))
    throw CliError.usage(
      `expected a graph name, not the graph ref "${text}": lint rules belong to a graph, e.g. ${text.split('@')[0] ?? 'shop'}`,
    );
  if (!NAME.test(text))
    throw CliError.usage(
      `invalid graph name "${text}": use letters, digits, _ and - (starting with a letter, at most 64), e.g. shop`,
    );
  return text;
}

/** `--since`: a version number (≥ 1) or an ISO 8601 date such as 2026-05-01 or 2026-05-01T12:00:00Z. */
export function parseSince(text: string): string {
  if (/^[1-9][0-9]*$/.test(text)) return text;
  if (
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  )
    return text;
  throw CliError.usage(
    `--since ${text}: expected a version number (e.g. 12) or an ISO date (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)`,
  );
}
