// The `atrium` CLI as a real child process, running the TypeScript sources (through the loader in
// registry/workers/typescript-loader/), for tests about processes: locks, crashes, signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOADER = fileURLToPath(
  new URL('../../registry/workers/typescript-loader/register.mjs', import.meta.url),
);
const MAIN = fileURLToPath(new URL('./cli-main.ts', import.meta.url));

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line that `match` accepts; rejects when the process exits first. */
  line(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | NodeJS.Signals>;
}

export function spawnCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', LOADER, MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  if (child.pid === undefined) throw new Error('the CLI process did not start');
  return {
    child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    line(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const find = (): string | undefined => stdout.split('\n').find((line) => match(line));
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching line after ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        const onData = (): void => {
          const found = find();
          if (found === undefined) return;
          cleanup();
          resolve(found);
        };
        const onExit = (): void => {
          cleanup();
          const found = find();
          if (found !== undefined) resolve(found);
          else reject(new Error(`the CLI exited first; stdout: ${stdout}; stderr: ${stderr}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.off('exit', onExit);
        };
        child.stdout?.on('data', onData);
        child.once('exit', onExit);
        onData();
      });
    },
  };
}
