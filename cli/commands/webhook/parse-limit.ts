import { CliError } from '../../cli-error.js';

/** `--limit`: a whole number from 1 to 999 (the registry's bound), else a usage error (exit 2). */
export function parsePositiveLimit(text: string): number {
  if (!/^[1-9][0-9]{0,2}$/.test(text))
    throw CliError.usage(`--limit must be a whole number from 1 to 999, not "${text}"`);
  return Number(text);
}
