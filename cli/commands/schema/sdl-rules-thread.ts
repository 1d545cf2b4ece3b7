import { Worker } from 'node:worker_threads';
import type { SdlError } from '../../../registry/checks/build-plain-schema.js';

/**
 * Below this many bytes of SDL in all, `atrium schema diff` checks the SDL rules on the main thread: a worker
 * thread takes ~40 ms of CPU to start and load graphql-js, which only pays off on large schemas (the rules take
 * ~100 ms per MB, parsing again on the worker ~100 ms per MB, while the main thread parses and builds).
 */
export const SDL_RULES_THREAD_MIN_BYTES = 256 * 1024;

export interface SdlRulesRequest {
  readonly files: readonly { readonly sdl: string; readonly name: string }[];
}

/**
 * Starts checking graphql-js's SDL rules on `files` in a worker thread; per file, a promise of its errors, or
 * of `null` when the worker did not check it (it does not parse, it is not a plain schema, or the worker could
 * not run): the caller then checks it itself, so the outcome never depends on the thread.
 */
export function checkSdlRulesInThread(files: SdlRulesRequest['files']): Promise<readonly (SdlError[] | null)[]> {
  return new Promise((resolve) => {
    const none = files.map(() => null);
    let worker: Worker;
    try {
      const [url, options] = workerScript();
      worker = new Worker(url, { ...options, workerData: { files } satisfies SdlRulesRequest });
    } catch {
      resolve(none);
      return;
    }
    worker.once('message', (results: (SdlError[] | null)[]) => resolve(results));
    worker.once('error', () => resolve(none));
    worker.once('exit', () => resolve(none)); // after a message, resolving again does nothing
  });
}

/**
 * Compiled (dist/), the worker is the `.js` file next to this one. From the TypeScript sources (vitest, or a
 * child process started with the loader) it is the `.ts` file, which a worker runs through the loader of
 * registry/workers/typescript-loader/ (vitest's transform does not reach worker threads).
 */
function workerScript(): [URL, { execArgv?: string[] }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./sdl-rules-worker.js', import.meta.url), {}];
  const loader = new URL('../../../registry/workers/typescript-loader/register.mjs', import.meta.url);
  return [new URL('./sdl-rules-worker.ts', import.meta.url), { execArgv: ['--import', loader.href] }];
}
