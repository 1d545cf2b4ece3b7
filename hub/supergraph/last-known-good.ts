/**
 * Keeps the last supergraph the hub loaded on disk (`<dir>/<graph>@<variant>.graphql` plus a small JSON meta
 * file), so a restart while the registry is unreachable still serves. Files are written atomically: a
 * temporary file in the same directory, then a rename over the old one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export interface LastKnownGoodMeta {
  readonly graphRef: string;
  readonly hash: string;
  readonly version: number | null;
  readonly loadedAt: string;
}

export interface LastKnownGood {
  readonly supergraphSdl: string;
  /** Null when the meta file is missing or unreadable: the SDL alone is enough to serve. */
  readonly meta: LastKnownGoodMeta | null;
}

export interface LastKnownGoodStore {
  readonly sdlPath: string;
  save(entry: { supergraphSdl: string; hash: string; version: number | null }): Promise<void>;
  load(): Promise<LastKnownGood | null>;
}

const metaSchema = z.object({
  graphRef: z.string(),
  hash: z.string(),
  version: z.number().int().nullable(),
  loadedAt: z.string(),
});

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function createLastKnownGoodStore({
  dir,
  graphRef,
}: {
  dir: string;
  graphRef: string;
}): LastKnownGoodStore {
  const sdlPath = join(dir, `${graphRef}.graphql`);
  const metaPath = join(dir, `${graphRef}.json`);
  return {
    sdlPath,
    async save({ supergraphSdl, hash, version }) {
      await mkdir(dir, { recursive: true });
      await writeAtomically(sdlPath, supergraphSdl);
      const meta: LastKnownGoodMeta = { graphRef, hash, version, loadedAt: new Date().toISOString() };
      await writeAtomically(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
    },
    async load() {
      let supergraphSdl: string;
      try {
        supergraphSdl = await readFile(sdlPath, 'utf8');
      } catch {
        return null;
      }
      const meta = await readFile(metaPath, 'utf8')
        .then((text) => metaSchema.parse(JSON.parse(text)))
        .catch(() => null);
      return { supergraphSdl, meta };
    },
  };
}
