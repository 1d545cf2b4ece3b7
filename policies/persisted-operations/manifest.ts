/**
 * Local manifests: Apollo's persisted-query manifest (`{ format: "apollo-persisted-query-manifest", version: 1,
 * operations: [{ id, name, type, body }] }`, what `generate-persisted-query-manifest` writes), read at start.
 * Every id must be the sha256 (hex) of its body, as the registry requires.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PersistedOperationSet } from '../contract/persisted-operations.js';

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable().optional(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string(),
    }),
  ),
});

export interface ManifestEntry {
  readonly client: string;
  readonly version: string;
  readonly file: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads the manifests into one set; throws with the file and the reason when one is unusable. */
export async function readManifests(entries: readonly ManifestEntry[]): Promise<PersistedOperationSet> {
  const clients: PersistedOperationSet['clients'][number][] = [];
  const operations = new Map<string, PersistedOperationSet['operations'][number]>();
  for (const { client, version, file } of entries) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`persisted-operation manifest ${file}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(
        `persisted-operation manifest ${file} is not an Apollo persisted-query manifest (version 1)`,
      );
    }
    const ids: string[] = [];
    for (const operation of parsed.data.operations) {
      if (sha256Hex(operation.body) !== operation.id) {
        throw new Error(
          `persisted-operation manifest ${file}: operation ${operation.id} is not the sha256 of its body`,
        );
      }
      operations.set(operation.id, { ...operation, name: operation.name ?? null });
      ids.push(operation.id);
    }
    clients.push({ client, version, operationIds: ids });
  }
  return { clients, operations: [...operations.values()] };
}
