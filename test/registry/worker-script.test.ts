// The schema worker module is found both from the compiled dist/ and from the TypeScript sources.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerScript } from '../../registry/workers/worker-script.js';

describe('workerScript', () => {
  it('runs the compiled .js next to a compiled caller, with the options of the process', () => {
    const script = workerScript('schema-worker', 'file:///srv/atrium/dist/registry/workers/worker-script.js');
    expect(script.url.href).toBe('file:///srv/atrium/dist/registry/workers/schema-worker.js');
    expect(script.execArgv).toBeUndefined();
  });

  it('runs the .ts source through the TypeScript loader next to a source caller', () => {
    const script = workerScript('schema-worker');
    expect(fileURLToPath(script.url)).toMatch(/registry\/workers\/schema-worker\.ts$/);
    expect(existsSync(script.url)).toBe(true);
    const [flag, loader] = script.execArgv ?? [];
    expect(flag).toBe('--import');
    expect(loader && existsSync(new URL(loader))).toBe(true);
  });
});
