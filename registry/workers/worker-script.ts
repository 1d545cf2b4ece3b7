/** What a worker thread runs: its module, and the Node options it needs. */
export interface WorkerScript {
  readonly url: URL;
  /** `undefined`: the worker inherits the process's options. */
  readonly execArgv?: string[];
}

/**
 * The worker module `name` next to this file. Compiled (dist/), that is `name.js`. From the TypeScript sources
 * (vitest, or a child process started with the loader), it is `name.ts`, which Node 20 cannot run by itself: the
 * worker then starts with the loader in ./typescript-loader/, which transpiles `.ts` files on import. vitest's
 * own transform does not reach worker threads, which is why the loader exists.
 */
export function workerScript(name: string, base: string = import.meta.url): WorkerScript {
  if (!base.endsWith('.ts')) return { url: new URL(`./${name}.js`, base) };
  return {
    url: new URL(`./${name}.ts`, base),
    execArgv: ['--import', new URL('./typescript-loader/register.mjs', base).href],
  };
}
