// Schema-check timings on a large generated graph (bench/check/generate-large-schema.ts):
//   (a) offline diff of the monolithic SDL against a changed version, stage by stage, cold and warm;
//   (b) composition of the whole graph with composeServices, stage by stage, cold and warm;
//   (c) API-schema diff after one subgraph changes: compose, build both API schemas, diff.
// Run: `npx tsc -p tsconfig.build.json && node dist/bench/check/run.js` (BENCH_CHECK_RUNS warm runs, default 3).
// "Cold" is the first run in a fresh process (JIT not warmed up); "warm" is the median of the next runs.
import { composeServices, mergeSubgraphs, validateSatisfiability } from '@apollo/composition';
import {
  printSchema as printSupergraph,
  subgraphsFromServiceList,
  upgradeSubgraphsIfNecessary,
} from '@apollo/federation-internals';
import { buildASTSchema, buildSchema, parse, validateSchema } from 'graphql';
import { apiSchemaFromComposedSchema, apiSchemaFromSupergraph } from '../../registry/checks/api-schema.js';
import { buildSdlSchema } from '../../registry/checks/build-sdl-schema.js';
import { diffSchemas } from '../../registry/checks/classify-changes.js';
import { generateLargeGraph, type LargeGraph } from './generate-large-schema.js';

const WARM_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 3);

type Timings = Record<string, number>;

async function time<T>(timings: Timings, stage: string, work: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
  return result;
}

/** (a) What `atrium schema diff` does, plus the alternatives it avoids, one stage at a time. */
async function offlineDiff(current: LargeGraph, proposed: LargeGraph): Promise<Timings> {
  const t: Timings = {};
  await time(t, 'parse (both)', () => [parse(current.sdl), parse(proposed.sdl)]);
  const [before, after] = await time(t, 'buildSdlSchema (both: parse+validate+build)', () => [
    buildSdlSchema(current.sdl, 'current.graphql'),
    buildSdlSchema(proposed.sdl, 'proposed.graphql'),
  ]);
  if (!before?.ok || !after?.ok) throw new Error('generated schemas should build');
  await time(t, '  of which: buildASTSchema assumeValidSDL (both)', () => [
    buildASTSchema(before.document, { assumeValidSDL: true }),
    buildASTSchema(after.document, { assumeValidSDL: true }),
  ]);
  await time(t, '  of which: validateSchema (both, fresh schemas)', () => [
    validateSchema(buildASTSchema(before.document, { assumeValidSDL: true })),
    validateSchema(buildASTSchema(after.document, { assumeValidSDL: true })),
  ]);
  await time(t, 'for comparison: buildASTSchema validating SDL again (both)', () => [
    buildASTSchema(before.document),
    buildASTSchema(after.document),
  ]);
  await time(t, 'for comparison: graphql buildSchema (both)', () => [
    buildSchema(current.sdl),
    buildSchema(proposed.sdl),
  ]);
  const changes = await time(t, 'diffSchemas', () => diffSchemas(before.schema, after.schema));
  t['changes found'] = changes.length;
  return t;
}

/** (b) composeServices, split into its public stages. */
function composeInStages(graph: LargeGraph): Timings {
  const t: Timings = {};
  const start = performance.now();
  const services = graph.subgraphs.map((s) => ({
    name: s.name,
    url: `http://${s.name}.invalid`,
    typeDefs: parse(s.sdl),
  }));
  t['parse subgraphs'] = performance.now() - start;
  let mark = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    t[stage] = now - mark;
    mark = now;
  };
  const subgraphs = subgraphsFromServiceList(services);
  if (Array.isArray(subgraphs)) throw new Error(subgraphs.map((e) => e.message).join('\n'));
  lap('build subgraphs');
  const upgraded = upgradeSubgraphsIfNecessary(subgraphs);
  if (!upgraded.subgraphs) throw new Error('upgrade failed');
  lap('upgrade (fed1 → fed2)');
  const invalid = upgraded.subgraphs.validate();
  if (invalid) throw new Error(invalid.map((e) => e.message).join('\n'));
  lap('validate subgraphs');
  const merged = mergeSubgraphs(upgraded.subgraphs);
  if (merged.errors) throw new Error(merged.errors.map((e) => e.message).join('\n'));
  lap('merge');
  const satisfiable = validateSatisfiability({ supergraphSchema: merged.supergraph });
  if (satisfiable.errors) throw new Error(satisfiable.errors.map((e) => e.message).join('\n'));
  lap('satisfiability');
  printSupergraph(merged.supergraph);
  lap('print supergraph');
  t.total = performance.now() - start;
  return t;
}

function compose(graph: { subgraphs: readonly { name: string; sdl: string }[] }) {
  const result = composeServices(
    graph.subgraphs.map((s) => ({ name: s.name, url: `http://${s.name}.invalid`, typeDefs: parse(s.sdl) })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result;
}

/** One subgraph changes: a field removed, an enum value and a field added. */
function changeOneSubgraph(graph: LargeGraph): LargeGraph {
  const subgraphs = graph.subgraphs.map((subgraph) =>
    subgraph.name !== 'subgraph3'
      ? subgraph
      : {
          ...subgraph,
          sdl: subgraph.sdl
            .replace(/\n {2}"""[^"]*"""\n {2}s3Records1\(.*\n/, '\n')
            .replace('enum S3Status0 {\n', 'enum S3Status0 {\n  SUSPENDED\n')
            .replace('type S3Record0 {\n', 'type S3Record0 {\n  addedLater: String\n'),
        },
  );
  return { ...graph, subgraphs };
}

/** (c) The registry-side check for one changed subgraph, done from scratch (no reuse of the current graph). */
async function apiSchemaDiff(currentSupergraph: string, proposed: LargeGraph): Promise<Timings> {
  const t: Timings = {};
  const composed = await time(t, 'compose proposed graph', () => compose(proposed));
  const before = await time(t, 'API schema from supergraph SDL (current)', () =>
    apiSchemaFromSupergraph(currentSupergraph),
  );
  const after = await time(t, 'API schema from supergraph SDL (proposed)', () =>
    apiSchemaFromSupergraph(composed.supergraphSdl),
  );
  await time(t, 'for comparison: API schema from composed Schema (proposed)', () =>
    apiSchemaFromComposedSchema(composed.schema),
  );
  const changes = await time(t, 'diffSchemas', () => diffSchemas(before, after));
  t['changes found'] = changes.length;
  return t;
}

async function coldAndWarm(run: () => Timings | Promise<Timings>): Promise<{ cold: Timings; warm: Timings }> {
  const cold = await run();
  const runs: Timings[] = [];
  for (let i = 0; i < WARM_RUNS; i++) runs.push(await run());
  const warm: Timings = {};
  for (const stage of Object.keys(cold)) {
    const values = runs.map((r) => r[stage] ?? 0).sort((a, b) => a - b);
    warm[stage] = values[Math.floor(values.length / 2)] ?? 0;
  }
  return { cold, warm };
}

function printTable(title: string, { cold, warm }: { cold: Timings; warm: Timings }): void {
  const rows = Object.keys(cold).map((stage) => {
    const isCount = stage === 'changes found';
    const format = (value: number | undefined): string =>
      isCount ? String(value) : `${(value ?? 0).toFixed(0)} ms`;
    return [stage, format(cold[stage]), format(warm[stage])];
  });
  const widths = [0, 1, 2].map((c) =>
    Math.max(...[['stage', 'cold', 'warm'], ...rows].map((r) => (r[c] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  console.log(`\n${title}\n${line(['stage', 'cold', 'warm'])}\n${rows.map(line).join('\n')}`);
}

async function main(): Promise<void> {
  const start = performance.now();
  const current = generateLargeGraph();
  const proposed = generateLargeGraph({ changed: true });
  const subgraphBytes = current.subgraphs.reduce((sum, s) => sum + s.sdl.length, 0);
  console.log(
    `Generated in ${(performance.now() - start).toFixed(0)} ms: ${current.subgraphs.length} subgraphs ` +
      `(${(subgraphBytes / 1e6).toFixed(2)} MB), monolithic SDL ${(current.sdl.length / 1e6).toFixed(2)} MB, ` +
      `${current.fieldCount} fields. Node ${process.version}, ${WARM_RUNS} warm runs (median).`,
  );
  printTable(
    '(a) offline diff of the monolithic SDL',
    await coldAndWarm(() => offlineDiff(current, proposed)),
  );
  printTable(
    '(b) composeServices of the whole graph, by stage',
    await coldAndWarm(() => composeInStages(current)),
  );
  const currentSupergraph = compose(current).supergraphSdl;
  console.log(`\nSupergraph SDL: ${(currentSupergraph.length / 1e6).toFixed(2)} MB`);
  const oneChanged = changeOneSubgraph(current);
  printTable(
    '(c) API-schema diff after one subgraph changed',
    await coldAndWarm(() => apiSchemaDiff(currentSupergraph, oneChanged)),
  );
}

await main();
