/**
 * The last client-record set the hub fetched, on disk next to the supergraph's last-known-good copy
 * (`<dir>/<graph>.clients.json`), so a restart while the registry is unreachable still enforces the records it
 * had. Written like the supergraph copy (temporary file, fsync, rename, directory fsync); read back only when
 * its content hashes to what the file records for this graph and validates as a set (`lib/client-records.ts`).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { clientRecordSetSchema, type ClientRecordSet } from '../../lib/client-records.js';
import { writeDurably } from '../supergraph/last-known-good.js';

export type ClientsLastKnownGood =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'verified'; readonly set: ClientRecordSet; readonly savedAt: string };

export interface ClientsLastKnownGoodStore {
  readonly path: string;
  save(set: ClientRecordSet): Promise<void>;
  load(): Promise<ClientsLastKnownGood>;
}

const fileSchema = z.object({ graph: z.string(), hash: z.string(), savedAt: z.string(), set: z.unknown() });

function hashOf(set: unknown): string {
  return createHash('sha256').update(JSON.stringify(set)).digest('hex');
}

export function createClientsLastKnownGoodStore({
  dir,
  graph,
}: {
  dir: string;
  graph: string;
}): ClientsLastKnownGoodStore {
  const path = join(dir, `${graph}.clients.json`);
  return {
    path,
    async save(set) {
      await mkdir(dir, { recursive: true });
      const file = { graph, hash: hashOf(set), savedAt: new Date().toISOString(), set };
      await writeDurably(dir, path, `${JSON.stringify(file)}\n`);
    },
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === 'ENOENT'
          ? { kind: 'missing' }
          : { kind: 'refused', reason: `cannot read ${path}: ${code}` };
      }
      let file: z.output<typeof fileSchema>;
      try {
        file = fileSchema.parse(JSON.parse(text));
      } catch {
        return { kind: 'refused', reason: `${path} is not a client-record copy` };
      }
      if (file.graph !== graph)
        return { kind: 'refused', reason: `${path} records graph ${file.graph}, not ${graph}` };
      if (hashOf(file.set) !== file.hash) {
        return { kind: 'refused', reason: `the content of ${path} does not match the hash it records` };
      }
      const parsed = clientRecordSetSchema.safeParse(file.set);
      if (!parsed.success)
        return { kind: 'refused', reason: `${path} does not hold a valid client-record set` };
      return { kind: 'verified', set: parsed.data, savedAt: file.savedAt };
    },
  };
}
