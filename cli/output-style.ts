import type { CliIo } from './cli-io.js';

/**
 * Colours and ✔/✖ marks on a terminal, plain text when piped or redirected: `NO_COLOR` (any value) turns
 * colours off, `FORCE_COLOR` (other than `0`/`false`) turns colours and marks on even when piped, and
 * `FORCE_COLOR=0` turns colours off; FORCE_COLOR wins over NO_COLOR, as in Node.js.
 */
export interface OutputStyle {
  readonly color: boolean;
  readonly marks: boolean;
  readonly passed: (text: string) => string;
  readonly failed: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly dim: (text: string) => string;
}

const ANSI = { green: 32, red: 31, yellow: 33, dim: 2 } as const;

export function outputStyle(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): OutputStyle {
  const force = io.env.FORCE_COLOR;
  const forcedOff = force === '0' || force === 'false';
  const forced = force !== undefined && !forcedOff;
  const tty = stream === 'stdout' ? io.stdoutIsTty === true : io.stderrIsTty === true;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const color = forced || (tty && !noColor && !forcedOff && io.env.TERM !== 'dumb');
  const marks = forced || tty;
  const paint = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    color,
    marks,
    passed: (text) => paint(ANSI.green)(marks ? `✔ ${text}` : text),
    failed: (text) => paint(ANSI.red)(marks ? `✖ ${text}` : text),
    warn: paint(ANSI.yellow),
    dim: paint(ANSI.dim),
  };
}

/** Plain style, for reports written to files. */
export const PLAIN_STYLE: OutputStyle = {
  color: false,
  marks: false,
  passed: (text) => text,
  failed: (text) => text,
  warn: (text) => text,
  dim: (text) => text,
};
