// `node dist/bench/federation/profile-summary.js <file.cpuprofile> [top]`: the top self-time functions of a V8
// CPU profile (`node --cpu-prof`), as shares of the busy time (samples that were not `(idle)`), with garbage
// collection and the program's own time on separate lines. bench/README.md records these summaries.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly hitCount?: number;
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export function summarizeProfile(profile: Profile, top = 20): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (node === undefined) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += delta;
      return;
    }
    busy += delta;
    const where =
      url === ''
        ? ''
        : ` ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${lineNumber + 1}`;
    const key = `${functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  const lines = [
    `busy ${(busy / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s`,
    ...[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, time]) => `${((100 * time) / busy).toFixed(1).padStart(5)} %  ${key}`),
  ];
  return lines;
}

const [file, top] = process.argv.slice(2);
if (file !== undefined && import.meta.url.endsWith(basename(process.argv[1] ?? ''))) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  for (const line of summarizeProfile(profile, Number(top ?? 20))) process.stdout.write(`${line}\n`);
}
