import { z } from 'zod';

/** The part of the registry's `GET …/supergraph` answer (`SupergraphVersion`) the hub uses. */
export const registrySupergraphResponse = z.object({
  version: z.number().int(),
  hash: z.string(),
  supergraphSdl: z.string().min(1),
});
