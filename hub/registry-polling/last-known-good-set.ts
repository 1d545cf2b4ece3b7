/**
 * The last set a feed handed over, on disk next to the supergraph's copy as one JSON file
 * (`{ <key>, hash, savedAt, set }`), so a restart while the registry is unreachable still has it. Written durably
 * (`durable-write.ts`); read back only when it is for this key (the graph, or `graph@variant`), its content hashes
 * to what the file records, and it validates as a set (`validate`, the feed's own check).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeDurably } from './durable-write.js';

export type LastKnownGoodSet<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'verified'; readonly set: T; readonly savedAt: string };

export interface LastKnownGoodSetStore<T> {
  readonly path: string;
  save(set: T): Promise<void>;
  load(): Promise<LastKnownGoodSet<T>>;
}

export interface LastKnownGoodSetOptions<T> {
  readonly dir: string;
  /** The file's name in `dir`: `shop.clients.json`. */
  readonly fileName: string;
  /** The field that records whose set it is (`graph`, `ref`), and its value for this hub. */
  readonly key: { readonly field: string; readonly value: string };
  /** How a refusal names the key's value: `graph ` gives `records graph a, not b`; empty gives `records a, not b`. */
  readonly keyLabel: string;
  /** What the file holds, for refusals: `client-record` gives `is not a client-record copy`. */
  readonly noun: string;
  /** The set, if `set` is a valid one. */
  validate(set: unknown): T | undefined;
}

function hashOf(set: unknown): string {
  return createHash('sha256').update(JSON.stringify(set)).digest('hex');
}

export function createLastKnownGoodSetStore<T>(
  options: LastKnownGoodSetOptions<T>,
): LastKnownGoodSetStore<T> {
  const { dir, key, keyLabel, noun } = options;
  const path = join(dir, options.fileName);
  const fileSchema = z
    .object({ hash: z.string(), savedAt: z.string(), set: z.unknown() })
    .catchall(z.unknown())
    .refine((file) => typeof file[key.field] === 'string');
  return {
    path,
    async save(set) {
      await mkdir(dir, { recursive: true });
      const file = { [key.field]: key.value, hash: hashOf(set), savedAt: new Date().toISOString(), set };
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
        return { kind: 'refused', reason: `${path} is not a ${noun} copy` };
      }
      const recorded = file[key.field] as string;
      if (recorded !== key.value) {
        return { kind: 'refused', reason: `${path} records ${keyLabel}${recorded}, not ${key.value}` };
      }
      if (hashOf(file.set) !== file.hash) {
        return { kind: 'refused', reason: `the content of ${path} does not match the hash it records` };
      }
      const set = options.validate(file.set);
      if (set === undefined) return { kind: 'refused', reason: `${path} does not hold a valid ${noun} set` };
      return { kind: 'verified', set, savedAt: file.savedAt };
    },
  };
}
