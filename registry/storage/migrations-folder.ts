import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `tsc` does not copy `.sql` files into dist/, so the migrations stay in the source tree. From source
 * (vitest, tsx) they sit next to this file; from `dist/registry/storage/` they are three folders up in
 * `registry/storage/migrations/`.
 */
const CANDIDATES = ['./migrations/', '../../../registry/storage/migrations/'];

export function resolveMigrationsFolder(base: string | URL = import.meta.url): string {
  for (const candidate of CANDIDATES) {
    const folder = fileURLToPath(new URL(candidate, base));
    if (existsSync(folder)) return folder;
  }
  throw new Error(`registry migrations not found next to ${String(base)} (tried ${CANDIDATES.join(', ')})`);
}
