/**
 * Ties a supergraph source, the last-known-good copy and `prepareSupergraph` to ApolloGateway through its
 * `supergraphSdl` hook. Every candidate SDL is prepared (policy directives read and stripped) and
 * handed to the gateway's `update`; one that fails either step is rejected and logged, and the previous
 * supergraph stays. At cold start, when the source yields nothing usable, the last-known-good copy is served
 * and the source keeps trying. Until something loads, `readiness()` says why the hub is not ready.
 */
import type { SupergraphSdlHook, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { deferred } from './deferred.js';
import type { SpecDirective } from '../../policies/contract/spec-directive.js';
import type { LoadedSupergraph, SupergraphView } from '../../policies/contract/supergraph-view.js';
import type { LastKnownGoodStore } from './last-known-good.js';
import { prepareSupergraph, type PreparedSupergraph } from './prepare-supergraph.js';
import type { SupergraphCandidate, SupergraphSource } from './supergraph-source.js';

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface SupergraphManagerOptions {
  readonly source: SupergraphSource;
  /** Null when the source needs no copy (a file is its own last-known-good). */
  readonly lastKnownGood: LastKnownGoodStore | null;
  readonly logger: Logger;
  /** The spec directives the policy table declares (read and stripped from every supergraph). */
  readonly directives: readonly SpecDirective<unknown>[];
  readonly prepare?: (supergraphSdl: string) => PreparedSupergraph;
}

/** The subset of ApolloGateway the manager listens to. */
export interface SchemaLoadNotifier {
  onSchemaLoadOrUpdate(callback: (schemaContext: { apiSchema: GraphQLSchema }) => void): () => void;
}

const LAST_KNOWN_GOOD_ORIGIN = 'last-known-good';

export class SupergraphManager implements SupergraphView {
  readonly #source: SupergraphSource;
  readonly #lastKnownGood: LastKnownGoodStore | null;
  readonly #logger: Logger;
  readonly #prepare: (supergraphSdl: string) => PreparedSupergraph;
  readonly #supergraphBySchema = new WeakMap<GraphQLSchema, PreparedSupergraph>();
  readonly #loadListeners = new Set<(loaded: LoadedSupergraph) => void>();
  readonly #gatewayUpdate = deferred<SupergraphSdlUpdateFunction>();
  readonly #firstLoaded = deferred<PreparedSupergraph>();
  #current: PreparedSupergraph | null = null;
  #loading: PreparedSupergraph | null = null;
  #notReadyReason = 'waiting for the first supergraph';
  #saving: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: SupergraphManagerOptions) {
    this.#source = options.source;
    this.#lastKnownGood = options.lastKnownGood;
    this.#logger = options.logger.child({ component: 'supergraph' });
    const { directives } = options;
    this.#prepare = options.prepare ?? ((supergraphSdl) => prepareSupergraph(supergraphSdl, directives));
  }

  /**
   * ApolloGateway's `supergraphSdl` option. The gateway calls it from `load()`; it resolves once a first
   * supergraph has been loaded through `update`, which may be much later than boot (registry down, no copy).
   */
  readonly gatewayHook: SupergraphSdlHook = async ({ update }) => {
    this.#gatewayUpdate.resolve(update);
    const first = await this.#firstLoaded.promise;
    return { supergraphSdl: (this.#current ?? first).gatewaySdl, cleanup: () => this.stop() };
  };

  /** Records which supergraph each API schema comes from, so policies can find its directives. */
  observe(gateway: SchemaLoadNotifier): void {
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      const loading = this.#loading;
      if (loading === null) return;
      this.#supergraphBySchema.set(apiSchema, loading);
      for (const listener of this.#loadListeners) {
        try {
          listener({ schema: apiSchema, supergraph: loading });
        } catch (error) {
          this.#logger.error({ err: (error as Error).message }, 'a supergraph load listener failed');
        }
      }
    });
  }

  onLoad(listener: (loaded: LoadedSupergraph) => void): () => void {
    this.#loadListeners.add(listener);
    return () => this.#loadListeners.delete(listener);
  }

  current(): PreparedSupergraph | null {
    return this.#current;
  }

  supergraphForSchema(schema: GraphQLSchema): PreparedSupergraph | undefined {
    return this.#supergraphBySchema.get(schema);
  }

  readiness(): Readiness {
    return this.#current === null ? { ready: false, reason: this.#notReadyReason } : { ready: true };
  }

  /** First attempt from the source, then the last-known-good copy if that gave nothing usable. */
  async start(): Promise<void> {
    const first = await this.#source.start((candidate) => this.#accept(candidate));
    if (this.#current !== null || this.#stopped) return;
    if (!first.ok) this.#notReadyReason = `${this.#source.description}: ${first.reason}`;
    if (this.#lastKnownGood === null) return;
    const path = this.#lastKnownGood.sdlPath;
    const copy = await this.#lastKnownGood.load();
    switch (copy.kind) {
      case 'missing':
        this.#notReadyReason += `; no last-known-good supergraph at ${path}`;
        this.#logger.warn({ reason: this.#notReadyReason }, 'no supergraph available yet; still trying');
        return;
      case 'refused':
        this.#notReadyReason += `; the last-known-good supergraph at ${path} was refused: ${copy.reason}`;
        this.#logger.error({ path, reason: copy.reason }, 'last-known-good supergraph refused');
        this.#logger.warn({ reason: this.#notReadyReason }, 'no supergraph available yet; still trying');
        return;
      case 'verified':
        this.#logger.warn(
          { reason: this.#notReadyReason, path, version: copy.meta.version, hash: copy.meta.hash },
          'serving the last-known-good supergraph',
        );
        await this.#accept({
          supergraphSdl: copy.supergraphSdl,
          version: copy.meta.version,
          origin: LAST_KNOWN_GOOD_ORIGIN,
        });
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const closed = new Error('The hub stopped before a supergraph was loaded');
    this.#gatewayUpdate.reject(closed);
    this.#firstLoaded.reject(closed);
    await this.#source.stop();
    await this.#saving;
  }

  async #accept(candidate: SupergraphCandidate): Promise<void> {
    const log = this.#logger.child({ origin: candidate.origin, version: candidate.version });
    let prepared: PreparedSupergraph;
    try {
      prepared = this.#prepare(candidate.supergraphSdl);
    } catch (error) {
      this.#reject(log, candidate.origin, 'cannot prepare it', error);
      return;
    }
    if (prepared.hash === this.#current?.hash) {
      log.debug({ hash: prepared.hash }, 'supergraph unchanged');
      return;
    }
    const update = await this.#gatewayUpdate.promise.catch(() => null);
    if (update === null || this.#stopped) return;
    this.#loading = prepared;
    try {
      update(prepared.gatewaySdl);
    } catch (error) {
      this.#reject(log, candidate.origin, 'the gateway cannot load it', error);
      return;
    } finally {
      this.#loading = null;
    }
    this.#current = prepared;
    this.#firstLoaded.resolve(prepared);
    log.info({ hash: prepared.hash }, 'supergraph loaded');
    if (candidate.origin !== LAST_KNOWN_GOOD_ORIGIN) this.#keepCopy(prepared, candidate.version);
  }

  #reject(log: Logger, origin: string, why: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: message }, `supergraph rejected: ${why}; keeping the previous one`);
    if (this.#current === null)
      this.#notReadyReason = `the supergraph from ${origin} was rejected: ${message}`;
  }

  #keepCopy(prepared: PreparedSupergraph, version: number | null): void {
    const store = this.#lastKnownGood;
    if (store === null) return;
    this.#saving = this.#saving
      .then(() => store.save({ supergraphSdl: prepared.supergraphSdl, hash: prepared.hash, version }))
      .catch((error: unknown) => {
        this.#logger.warn(
          { err: (error as Error).message, path: store.sdlPath },
          'cannot write the last-known-good copy',
        );
      });
  }
}
