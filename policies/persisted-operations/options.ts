import { z } from 'zod';

/** Options of the `persisted-operations` policy (README.md). The modes are per client record. */
export const persistedOperationsOptions = z.strictObject({
  /**
   * Local manifests (Apollo's `apollo-persisted-query-manifest` format), each registered for one client
   * record and version, on top of the registry's feed: how a hub serving a supergraph file gets its operations.
   * Relative paths are resolved against the hub's working directory.
   */
  manifests: z
    .array(
      z.strictObject({
        client: z.string().min(1),
        version: z.string().min(1),
        file: z.string().min(1),
      }),
    )
    .default([]),
  /**
   * Whether a body that is not byte for byte a registered one may still match it once normalised
   * (`print(parse(body))`: whitespace, commas and comments do not count). Default true.
   */
  normalize: z.boolean().default(true),
});

export type PersistedOperationsOptions = z.output<typeof persistedOperationsOptions>;
export type PersistedOperationsOptionsInput = z.input<typeof persistedOperationsOptions>;
