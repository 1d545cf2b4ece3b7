/**
 * Serves a supergraph file and reloads it when it changes. The directory is watched rather than the file,
 * so editors and deploy tools that replace the file (write elsewhere, then rename) are seen too; bursts of
 * events are debounced. Unreadable content is logged and ignored: the hub keeps serving what it has.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { CandidateListener, FirstAttempt, SupergraphSource } from './supergraph-source.js';

export interface FileSourceOptions {
  readonly path: string;
  readonly logger: Logger;
  /** Quiet time after the last change event before reloading; default 100 ms. */
  readonly debounceMs?: number;
}

export function createFileSource({ path, logger, debounceMs = 100 }: FileSourceOptions): SupergraphSource {
  const log = logger.child({ source: 'file', path });
  const name = basename(path);
  let lastText: string | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let listener: CandidateListener = () => Promise.resolve();

  async function load(): Promise<FirstAttempt> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      return {
        ok: false,
        reason: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      };
    }
    if (text === lastText || text.trim() === '') return { ok: true };
    lastText = text;
    await listener({ supergraphSdl: text, version: null, origin: `file ${path}` });
    return { ok: true };
  }

  function onChange(_event: string, filename: string | Buffer | null): void {
    if (stopped || (filename !== null && filename.toString() !== name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      reloading = reloading.then(async () => {
        if (stopped) return;
        const outcome = await load();
        if (!outcome.ok) log.warn({ reason: outcome.reason }, 'supergraph file not reloaded');
      });
    }, debounceMs);
  }

  return {
    description: `file ${path}`,
    async start(onCandidate: CandidateListener): Promise<FirstAttempt> {
      listener = onCandidate;
      const first = await load();
      try {
        watcher = watch(dirname(path), { persistent: false }, onChange);
        watcher.on('error', (error) =>
          log.warn({ err: error.message }, 'watching the supergraph file failed'),
        );
      } catch (error) {
        log.warn(
          { err: (error as Error).message },
          'cannot watch the supergraph file; changes will not be seen',
        );
      }
      return first;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
      await reloading.catch(() => undefined);
    },
  };
}
