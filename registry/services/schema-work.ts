import type { Logger } from 'pino';
import { RegistryErrors } from '../errors.js';
import type { OperationInput, OperationValidation } from '../workers/operation-tasks.js';
import type { AnalysisInput, SchemaAnalysis, SchemaTask, SupergraphDiff } from '../workers/schema-tasks.js';
import { WorkerPool, type Lane } from '../workers/worker-pool.js';
import { workerScript } from '../workers/worker-script.js';
import { createBoundedCache } from '../../lib/bounded-cache.js';
import type { SdlInspection } from './subgraph-sdl.js';
import { locateNul } from './subgraph-sdl.js';

export interface SchemaWorkOptions {
  readonly workers: number;
  readonly queueLimit: number;
  readonly taskTimeoutMs: number;
  readonly maxSdlBytes: number;
  readonly maxSdlFields: number;
  readonly checksPerGraph: number;
  readonly logger?: Logger | undefined;
}

/** An analysis and the key of its input: a publish hands the analysis it made outside its transaction to the one inside. */
export interface KeyedAnalysis {
  readonly key: string;
  readonly analysis: SchemaAnalysis;
}

/**
 * The registry's schema work, off the main thread: SDL inspection (parse, field count) and proposal analysis
 * (composition, API-schema diff, SDL lint) run in a pool of worker threads (registry/workers/), so that
 * `/health`, supergraph polls and every other request keep answering while a large graph composes.
 *
 * Bounds: the SDL size is checked here (SDL_TOO_LARGE), the field count in a worker (SDL_TOO_MANY_FIELDS);
 * at most `checksPerGraph` checks of one graph are in flight (TOO_MANY_CHECKS, 429); checks wait in a queue of
 * `queueLimit` (REGISTRY_BUSY, 503), writes ahead of them; a task has `taskTimeoutMs`.
 *
 * Caches: each worker keeps its Composer (built subgraphs, compositions, API schemas). Here, analyses are kept
 * by input key, so a publish of what was just checked, or a check run again, costs no worker at all.
 */
export class SchemaWork {
  readonly #pool: WorkerPool<SchemaTask, unknown>;
  readonly #options: SchemaWorkOptions;
  readonly #analyses = createBoundedCache<string, SchemaAnalysis>(8);
  /** SDL hashes that passed inspection. */
  readonly #inspected = createBoundedCache<string, true>(256);
  readonly #checksInFlight = new Map<string, number>();

  constructor(options: SchemaWorkOptions) {
    this.#options = options;
    this.#pool = new WorkerPool({
      script: workerScript('schema-worker'),
      size: options.workers,
      queueLimit: options.queueLimit,
      taskTimeoutMs: options.taskTimeoutMs,
      logger: options.logger,
    });
  }

  /**
   * Throws SDL_TOO_LARGE, INVALID_SDL (syntax, or a NUL character) or SDL_TOO_MANY_FIELDS; `sdlHash` is the
   * SDL's sha256, which the caller has anyway.
   */
  async inspectSdl(subgraph: string, sdl: string, sdlHash: string, lane: Lane): Promise<void> {
    const bytes = Buffer.byteLength(sdl, 'utf8');
    if (bytes > this.#options.maxSdlBytes) {
      throw RegistryErrors.SDL_TOO_LARGE.create({ subgraph, bytes, limit: this.#options.maxSdlBytes });
    }
    const nul = locateNul(sdl);
    if (nul) {
      throw RegistryErrors.INVALID_SDL.create({
        subgraph,
        reason: 'the SDL contains a NUL character (U+0000), which cannot be stored',
        locations: [nul],
      });
    }
    const key = `${this.#options.maxSdlFields}\u0000${subgraph}\u0000${sdlHash}`;
    if (this.#inspected.get(key)) return;
    const task: SchemaTask = { kind: 'inspect-sdl', subgraph, sdl, maxFields: this.#options.maxSdlFields };
    const inspection = (await this.#pool.run(task, lane)) as SdlInspection;
    if (inspection.ok) {
      this.#inspected.set(key, true);
      return;
    }
    switch (inspection.problem) {
      case 'syntax':
        throw RegistryErrors.INVALID_SDL.create({
          subgraph,
          reason: inspection.reason,
          locations: inspection.locations,
        });
      case 'too-many-fields':
        throw RegistryErrors.SDL_TOO_MANY_FIELDS.create({ subgraph, limit: inspection.limit });
    }
  }

  /** The analysis of `input` (whose content `key` identifies); `reuse` is taken when its key matches. */
  async analyze(
    input: AnalysisInput,
    key: string,
    lane: Lane,
    reuse?: KeyedAnalysis | null,
  ): Promise<KeyedAnalysis> {
    if (reuse?.key === key && covers(reuse.analysis, input)) return reuse;
    const cached = this.#analyses.get(key);
    if (cached && covers(cached, input)) return { key, analysis: cached };
    const analysis = (await this.#pool.run({ kind: 'analyze', input }, lane)) as SchemaAnalysis;
    this.#analyses.set(key, analysis);
    return { key, analysis };
  }

  /**
   * Parses and validates persisted operations against the API schema of a supergraph (the variant's current one), in
   * a worker: each operation's name and type, and its errors (empty when it is valid).
   */
  async validateOperations(
    supergraph: { readonly hash: string; readonly sdl: string },
    operations: readonly OperationInput[],
    lane: Lane,
  ): Promise<OperationValidation[]> {
    if (operations.length === 0) return [];
    const task: SchemaTask = { kind: 'validate-operations', supergraph, operations };
    return (await this.#pool.run(task, lane)) as OperationValidation[];
  }

  /** The classified changes between two stored supergraphs' API schemas, and both printed (a read: lane `check`). */
  async diffSupergraphs(
    from: { readonly hash: string; readonly sdl: string },
    to: { readonly hash: string; readonly sdl: string },
  ): Promise<SupergraphDiff> {
    const task: SchemaTask = { kind: 'diff-supergraphs', from, to };
    return (await this.#pool.run(task, 'check')) as SupergraphDiff;
  }

  /**
   * Admits one more check of `graph`, or throws TOO_MANY_CHECKS; call the returned function when the check is
   * done, whatever its outcome.
   */
  admitCheck(graph: string): () => void {
    const inFlight = this.#checksInFlight.get(graph) ?? 0;
    const limit = this.#options.checksPerGraph;
    if (inFlight >= limit) {
      throw RegistryErrors.TOO_MANY_CHECKS.create({
        graph,
        limit,
        retryAfterSeconds: this.#pool.retryAfterSeconds(),
      });
    }
    this.#checksInFlight.set(graph, inFlight + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#checksInFlight.get(graph) ?? 1) - 1;
      if (left > 0) this.#checksInFlight.set(graph, left);
      else this.#checksInFlight.delete(graph);
    };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** A check's analysis has no printed supergraph; a write needs one. */
function covers(analysis: SchemaAnalysis, input: AnalysisInput): boolean {
  return !input.printSupergraph || !analysis.composed || analysis.supergraph !== null;
}
