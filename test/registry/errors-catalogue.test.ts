import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RegistryError, RegistryErrors } from '../../registry/errors.js';

const ERRORS_DOC = new URL('../../docs/errors.md', import.meta.url);

/** The rows of the `## Registry` section's table: code → status. */
function documentedRegistryCodes(): Map<string, number> {
  const doc = readFileSync(ERRORS_DOC, 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith('Registry'));
  if (!section) throw new Error('docs/errors.md has no "## Registry" section');
  const rows = new Map<string, number>();
  for (const match of section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)) {
    rows.set(match[1] as string, Number(match[2]));
  }
  return rows;
}

describe('registry error catalogue', () => {
  it('documents every code with its status in docs/errors.md, and nothing else', () => {
    const documented = documentedRegistryCodes();
    const catalogue = new Map(Object.values(RegistryErrors).map((entry) => [entry.code, entry.status]));
    expect(documented).toEqual(catalogue);
  });

  it('names each entry after its key', () => {
    for (const [key, entry] of Object.entries(RegistryErrors)) expect(entry.code).toBe(key);
  });

  it('creates errors with code, status, message and details', () => {
    const error = RegistryErrors.COMPOSITION_FAILED.create({ errors: [] });
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'COMPOSITION_FAILED', status: 422, details: { errors: [] } });
    expect(error.toBody()).toEqual({ code: 'COMPOSITION_FAILED', message: error.message, errors: [] });
    expect(RegistryErrors.UNAUTHENTICATED.create().toBody()).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'A valid bearer token is required',
    });
  });
});
