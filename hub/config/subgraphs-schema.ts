/**
 * `subgraphs`: how the hub talks to subgraphs: the deadline and size limit of a fetch, and what of a subgraph's errors reaches
 * clients (`errors`, with per-subgraph `overrides`). The error mode's default depends on `maskErrors`, so it is
 * resolved once the whole configuration is known (`resolveSubgraphsConfig`).
 */
import { z } from 'zod';
import type { SubgraphErrorPolicy, SubgraphsConfig } from './hub-config.js';

const errorPolicy = z.strictObject({
  /** `mask`: only the message, `code` and `allowExtensions` reach clients. Default: `mask` with `maskErrors`. */
  mode: z.enum(['mask', 'passthrough']).optional(),
  /** Extension keys kept besides `code` in `mask` mode. */
  allowExtensions: z.array(z.string().min(1)).optional(),
});

/**
 * 16 MiB: far above what GraphQL answers usually weigh (kilobytes to a few MiB, even for large list pages),
 * while one answer at the limit costs the hub a bounded amount (the bytes, then ~3-6x that as parsed objects,
 * and ~0.1 s of parsing); a 100 MB answer, unbounded, once cost ~900 MB of RSS.
 */
export const DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export const subgraphsSchema = z
  .strictObject({
    timeoutMs: z.number().int().positive().default(30_000),
    maxResponseBytes: z.number().int().positive().default(DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES),
    errors: errorPolicy.prefault({}),
    /** Per subgraph (by its name in the supergraph): what differs from the settings above. */
    overrides: z.record(z.string().min(1), z.strictObject({ errors: errorPolicy.prefault({}) })).default({}),
    /** Identical query fetches to one subgraph in flight at once (URL, headers, body) share one request. */
    deduplicateInFlight: z.boolean().default(true),
  })
  .prefault({});

type SubgraphsInput = z.output<typeof subgraphsSchema>;

export function resolveSubgraphsConfig(
  input: SubgraphsInput,
  { maskErrors }: { maskErrors: boolean },
): SubgraphsConfig {
  const errors: SubgraphErrorPolicy = {
    mode: input.errors.mode ?? (maskErrors ? 'mask' : 'passthrough'),
    allowExtensions: input.errors.allowExtensions ?? [],
  };
  const overrides = Object.fromEntries(
    Object.entries(input.overrides).map(([name, override]) => [
      name,
      {
        errors: {
          mode: override.errors.mode ?? errors.mode,
          allowExtensions: override.errors.allowExtensions ?? errors.allowExtensions,
        },
      },
    ]),
  );
  return {
    timeoutMs: input.timeoutMs,
    maxResponseBytes: input.maxResponseBytes,
    errors,
    overrides,
    deduplicateInFlight: input.deduplicateInFlight,
  };
}

/** The error policy of one subgraph: its override, else the hub-wide setting. */
export function subgraphErrorPolicy(config: SubgraphsConfig, name: string): SubgraphErrorPolicy {
  return Object.hasOwn(config.overrides, name)
    ? (config.overrides[name]?.errors ?? config.errors)
    : config.errors;
}
