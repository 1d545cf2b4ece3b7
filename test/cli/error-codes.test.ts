// docs/errors.md ("CLI") lists exactly the CLI's own error codes (cli/error-codes.ts), and every code the CLI's
// sources raise is in the catalogue.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_ERROR_CODES } from '../../cli/error-codes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const docs = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
const section = docs.slice(docs.indexOf('## CLI'));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [readFileSync(join(ROOT, dir, entry.name), 'utf8')]
        : [],
  );
}

describe('CLI error codes', () => {
  it('docs/errors.md lists the catalogue', () => {
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(CLI_ERROR_CODES).sort());
  });

  it('every code raised with new CliError(…) is in the catalogue', () => {
    const raised = sources('cli').flatMap((text) =>
      [...text.matchAll(/new CliError\([\s\S]*?'([A-Z_]+)',?\s*\)/g)].map((m) => m[1]),
    );
    expect(raised.length).toBeGreaterThan(3);
    for (const code of raised) expect(Object.keys(CLI_ERROR_CODES)).toContain(code);
  });
});
