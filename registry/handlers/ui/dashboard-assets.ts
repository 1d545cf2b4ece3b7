import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';

/** One file of the built dashboard, held in memory. */
export interface DashboardAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Under `assets/`: Vite puts a content hash in the name, so the file never changes. */
  readonly immutable: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Where `npm run build:dashboard` writes the dashboard: `dist/dashboard` beside the package.json of Atrium. */
export function defaultDashboardDir(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, 'dist', 'dashboard');
}

/**
 * The built files of the dashboard by their path under `/ui/` (`index.html`, `assets/index-3f2a1c.js`), read once.
 * Only these paths are ever served: a request names a key of this map or gets the SPA's `index.html`, so no path
 * of the request reaches the file system. `null` when the dashboard was not built.
 */
export function loadDashboardAssets(dir: string): ReadonlyMap<string, DashboardAsset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, DashboardAsset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const key = relative(dir, path).split(sep).join('/');
    const contentType = CONTENT_TYPES[extname(entry.name)];
    if (contentType === undefined) continue;
    assets.set(key, { body: readFileSync(path), contentType, immutable: key.startsWith('assets/') });
  }
  return assets;
}
