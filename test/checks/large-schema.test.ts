// A GitHub-sized schema (≥ 1 MB, ≥ 5,000 fields) diffs to completion, and agrees with graphql-js at that size.
import { findBreakingChanges, findDangerousChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateLargeGraph } from '../../bench/check/generate-large-schema.js';
import { buildSdlSchema } from '../../registry/checks/build-sdl-schema.js';
import { diffSchemas } from '../../registry/checks/classify-changes.js';

describe('large schema', () => {
  const current = generateLargeGraph();
  const proposed = generateLargeGraph({ changed: true });

  it('the generator makes a large federated graph', () => {
    expect(current.sdl.length).toBeGreaterThanOrEqual(1_000_000);
    expect(current.fieldCount).toBeGreaterThanOrEqual(5_000);
    expect(current.subgraphs.length).toBeGreaterThanOrEqual(10);
    expect(current.subgraphs.reduce((sum, subgraph) => sum + subgraph.sdl.length, 0)).toBeGreaterThanOrEqual(
      1_000_000,
    );
    expect(generateLargeGraph().sdl).toBe(current.sdl); // deterministic
  });

  it('diffs two versions and reports what graphql-js reports', async () => {
    const before = buildSdlSchema(current.sdl, 'current.graphql');
    const after = buildSdlSchema(proposed.sdl, 'proposed.graphql');
    if (!before.ok || !after.ok) throw new Error('generated schemas should build');
    const changes = await diffSchemas(before.schema, after.schema);
    const count = (severity: string): number =>
      changes.filter((change) => change.severity === severity).length;
    expect(count('breaking')).toBe(findBreakingChanges(before.schema, after.schema).length);
    expect(count('dangerous')).toBe(findDangerousChanges(before.schema, after.schema).length);
    expect(count('breaking')).toBeGreaterThan(0);
    expect(count('safe')).toBeGreaterThan(0);
  });
});
