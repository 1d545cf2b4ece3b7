// `npm run bench:diff-stages`: where the time of `atrium schema diff` of two 1 MB plain schemas goes. Each run
// is a fresh process (as the CLI is: cold modules, cold JIT) that times every stage of the command in turn with
// the same functions it calls; BENCH_CLI_RUNS runs (default 9), median per stage, with a bare `node -e ''` start
// timed in between. BENCH_CLI_PRIORITY=realtime runs the processes under `chrt -f 10` (see startup.ts).
import type { DocumentNode } from 'graphql';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLargeGraph } from '../check/generate-large-schema.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
const REALTIME = process.env.BENCH_CLI_PRIORITY === 'realtime';

type Stages = Record<string, number>;

/** One cold run of the command's stages, in this process; prints the times as JSON. */
async function child(oldPath: string, newPath: string): Promise<void> {
  const stages: Stages = {};
  let last = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    stages[name] = (stages[name] ?? 0) + now - last;
    last = now;
  };
  const graphql = await import('graphql');
  const { validateSDL } = createRequire(import.meta.url)('graphql/validation/validate.js') as {
    validateSDL: (document: DocumentNode) => readonly unknown[];
  };
  lap('load graphql');
  const { diffSchemas } = await import('../../registry/checks/classify-changes.js');
  const { locateChanges } = await import('../../registry/checks/locate-changes.js');
  const { createCheckReport } = await import('../../registry/checks/check-report.js');
  lap('load inspector and checks');
  const sdls = [readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8')];
  lap('read files');
  const documents = sdls.map((sdl, i) => graphql.parse(new graphql.Source(sdl, `${i}.graphql`)));
  lap('parse (both)');
  for (const document of documents) if (validateSDL(document).length > 0) throw new Error('invalid SDL');
  lap('validateSDL (both)');
  const schemas = documents.map((document) => graphql.buildASTSchema(document, { assumeValidSDL: true }));
  lap('buildASTSchema (both)');
  for (const schema of schemas) if (graphql.validateSchema(schema).length > 0) throw new Error('invalid');
  lap('validateSchema (both)');
  const changes = await diffSchemas(schemas[0]!, schemas[1]!);
  lap('diff (inspector + classify)');
  const located = locateChanges(changes, {
    old: { file: oldPath, document: documents[0]! },
    new: { file: newPath, document: documents[1]! },
  });
  const report = createCheckReport({
    changes: located,
    failOn: 'breaking',
    old: { name: oldPath, kind: 'schema' },
    new: { name: newPath, kind: 'schema' },
  });
  JSON.stringify(report);
  lap('locate + report');
  stages.total = Object.values(stages).reduce((sum, ms) => sum + ms, 0);
  stages.process = performance.now(); // since the process started (bootstrap included)
  console.log(JSON.stringify(stages));
}

function spawnTimed(args: readonly string[]): { ms: number; stdout: string } {
  const [file, argv] = REALTIME
    ? ['chrt', ['-f', '10', process.execPath, ...args]]
    : [process.execPath, [...args]];
  const start = performance.now();
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-bench-diff-'));
  try {
    const oldPath = join(dir, 'old.graphql');
    const newPath = join(dir, 'new.graphql');
    writeFileSync(oldPath, generateLargeGraph().sdl);
    writeFileSync(newPath, generateLargeGraph({ changed: true }).sdl);
    const self = fileURLToPath(import.meta.url);
    const runs: Stages[] = [];
    const baseline: number[] = [];
    const wall: number[] = [];
    spawnTimed([self, '--child', oldPath, newPath]); // warm the disk cache
    for (let run = 0; run < RUNS; run++) {
      baseline.push(spawnTimed(['-e', '']).ms);
      const timed = spawnTimed([self, '--child', oldPath, newPath]);
      wall.push(timed.ms);
      runs.push(JSON.parse(timed.stdout) as Stages);
    }
    console.log(
      `Node ${process.version}, ${RUNS} cold runs (median)${REALTIME ? ', under chrt -f 10' : ''}; load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(
          ' ',
        )}. Baseline node -e '': ${median(baseline).toFixed(0)} ms; whole process: ${median(wall).toFixed(0)} ms.`,
    );
    console.log('| stage | median ms |');
    console.log('|---|---:|');
    for (const name of Object.keys(runs[0] ?? {}))
      console.log(`| ${name} | ${median(runs.map((stages) => stages[name] ?? 0)).toFixed(0)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else main();
