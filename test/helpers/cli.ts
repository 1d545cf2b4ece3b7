import { Readable } from 'node:stream';
import { run } from '../../cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the `atrium` CLI in-process with its own env, capturing what it prints. */
export async function runCli(
  argv: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    stdin?: string;
    cwd?: string;
    /** Pretend stdout and stderr are terminals (colours and ✔/✖, see cli/output-style.ts). */
    tty?: boolean;
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: Readable.from([options.stdin ?? '']),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutIsTty: options.tty === true,
    stderrIsTty: options.tty === true,
  });
  return { code, stdout, stderr };
}
