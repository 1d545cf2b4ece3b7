import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The Apollo persisted-query manifest of the demo client `demo-app` (`operations/demo-app.manifest.json`), which
 * `npm start` registers with `atrium operations publish`. Found next to this module from the sources, or back in
 * the source tree from `dist/subgraphs-example/` (`tsc` does not copy JSON files).
 */
export function exampleManifestPath(): string {
  const candidates = [
    new URL('./operations/demo-app.manifest.json', import.meta.url),
    new URL('../../subgraphs-example/operations/demo-app.manifest.json', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined)
    throw new Error(`demo-app.manifest.json not found; looked in ${candidates.join(', ')}`);
  return found;
}
