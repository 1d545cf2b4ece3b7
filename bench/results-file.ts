import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes a bench run's raw results as `<repo>/bench/results/<name>` (pretty JSON, dated). */
export function writeResultsFile(repoRoot: string, name: string, results: Record<string, unknown>): void {
  const out = join(repoRoot, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, name), JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2));
}
