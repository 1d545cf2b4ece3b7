/**
 * The last persisted-operation feed the hub fetched, on disk next to the supergraph's copy
 * (`<dir>/<graph>@<variant>.operations.json`), so a restart while the registry is unreachable still serves (and
 * enforces) the operations it had. Written durably like the supergraph copy; read back only when its content
 * hashes to what the file records, it validates, and every document hashes to its id.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { PersistedOperationSet } from '../../policies/contract/persisted-operations.js';
import { writeDurably } from '../supergraph/last-known-good.js';
import { misnamedDocument, operationSetSchema } from './operations-feed.js';

export type OperationsLastKnownGood =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'verified'; readonly set: PersistedOperationSet; readonly savedAt: string };

const fileSchema = z.object({ ref: z.string(), hash: z.string(), savedAt: z.string(), set: z.unknown() });

function hashOf(set: unknown): string {
  return createHash('sha256').update(JSON.stringify(set)).digest('hex');
}

export function createOperationsLastKnownGoodStore({ dir, ref }: { dir: string; ref: string }) {
  const path = join(dir, `${ref}.operations.json`);
  return {
    path,
    async save(set: PersistedOperationSet): Promise<void> {
      await mkdir(dir, { recursive: true });
      const file = { ref, hash: hashOf(set), savedAt: new Date().toISOString(), set };
      await writeDurably(dir, path, `${JSON.stringify(file)}\n`);
    },
    async load(): Promise<OperationsLastKnownGood> {
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
        return { kind: 'refused', reason: `${path} is not a persisted-operations copy` };
      }
      if (file.ref !== ref) return { kind: 'refused', reason: `${path} records ${file.ref}, not ${ref}` };
      if (hashOf(file.set) !== file.hash)
        return { kind: 'refused', reason: `the content of ${path} does not match the hash it records` };
      const parsed = operationSetSchema.safeParse(file.set);
      if (!parsed.success || misnamedDocument(parsed.data) !== undefined)
        return { kind: 'refused', reason: `${path} does not hold a valid persisted-operations set` };
      return { kind: 'verified', set: parsed.data, savedAt: file.savedAt };
    },
  };
}
