// Module customization hooks that let Node 20 run the TypeScript sources directly: `.ts` files are transpiled
// (types stripped, nothing bundled) with the project's TypeScript, and an import of `./x.js` from a `.ts` file
// finds `./x.ts` when no `./x.js` exists (the sources import their siblings by their compiled names).
// Only used when the registry runs from source (vitest, child processes in tests); dist/ never needs it.
// Transpiled files are cached by content in node_modules/.cache/, so later processes and workers start fast.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const CACHE_DIR = fileURLToPath(
  new URL('../../../node_modules/.cache/atrium-typescript-loader/', import.meta.url),
);

const require = createRequire(import.meta.url);
/** The cache key covers the TypeScript version and these hooks, so either changing empties the cache. */
const CACHE_SALT = [
  JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')).version,
  readFileSync(fileURLToPath(import.meta.url), 'utf8'),
].join('\0');

/** TypeScript is loaded on the first file not in the cache. */
let typescript;
async function transpile(source, fileName) {
  typescript ??= (await import('typescript')).default;
  const compilerOptions = {
    module: typescript.ModuleKind.ESNext,
    target: typescript.ScriptTarget.ES2023,
    verbatimModuleSyntax: true,
    inlineSourceMap: true,
  };
  return typescript.transpileModule(source, { fileName, compilerOptions }).outputText;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL?.endsWith('.ts') === true;
    if (fromTypeScript && error?.code === 'ERR_MODULE_NOT_FOUND' && specifier.endsWith('.js')) {
      return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const key = createHash('sha256').update(`${CACHE_SALT}\0${fileName}\0${source}`).digest('hex');
  const cached = join(CACHE_DIR, `${key}.js`);
  try {
    return { format: 'module', source: await readFile(cached, 'utf8'), shortCircuit: true };
  } catch {
    // Not cached yet.
  }
  const outputText = await transpile(source, fileName);
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, outputText);
    await rename(temporary, cached);
  } catch {
    // A cache that cannot be written only costs speed.
  }
  return { format: 'module', source: outputText, shortCircuit: true };
}
