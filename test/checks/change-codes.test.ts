// The change-code catalogue: each example produces its code, docs/checks.md documents every code with its
// severity, and every place our severity departs from inspector's criticality is explained.
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_CODE_NAMES,
  changeCodeDefinition,
  type Severity,
} from '../../registry/checks/change-codes.js';
import { diffSchemas } from '../../registry/checks/classify-changes.js';

const INSPECTOR_SEVERITY: Record<string, Severity> = {
  BREAKING: 'breaking',
  DANGEROUS: 'dangerous',
  NON_BREAKING: 'safe',
};

const DOCS = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');

describe('change-code catalogue', () => {
  it.each(CHANGE_CODE_NAMES)('%s: its example produces it at the documented coordinate', async (code) => {
    const { example, severity } = changeCodeDefinition(code);
    const changes = await diffSchemas(buildSchema(example.old), buildSchema(example.new));
    expect(changes).toContainEqual(
      expect.objectContaining({ code, severity, coordinate: example.coordinate }),
    );
  });

  it.each(CHANGE_CODE_NAMES)('%s: differs from inspector only where the catalogue says why', async (code) => {
    const definition = changeCodeDefinition(code);
    const changes = await diffSchemas(
      buildSchema(definition.example.old),
      buildSchema(definition.example.new),
    );
    const change = changes.find((c) => c.code === code);
    if (!change?.inspector || definition.inspectorDiffers) return;
    expect(INSPECTOR_SEVERITY[change.inspector.criticality]).toBe(definition.severity);
  });

  it.each(CHANGE_CODE_NAMES)('%s is documented in docs/checks.md with its severity', (code) => {
    const section = new RegExp(`^### ${code}\\n+\\*\\*${changeCodeDefinition(code).severity}\\*\\*`, 'm');
    expect(DOCS).toMatch(section);
  });

  it('documents no code the catalogue does not have', () => {
    const documented = [...DOCS.matchAll(/^### ([A-Z_]+)$/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...CHANGE_CODE_NAMES].sort());
  });
});
