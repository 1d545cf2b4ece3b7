/**
 * Keeps the last supergraph the hub loaded on disk (`<dir>/<graph>@<variant>.graphql` plus a small JSON meta
 * file with its hash and version), so a restart while the registry is unreachable still serves.
 *
 * Writes are durable and atomic (`hub/registry-polling/durable-write.ts`): a crash leaves the old file or the
 * new one, never a torn one. The
 * SDL is written before its meta: a crash between the two leaves a new SDL with the old hash, which `load`
 * refuses rather than serve under the wrong version.
 *
 * Reads are verified: the copy is served only if its content hashes to what the meta file recorded for this
 * graph ref. An edited, truncated or foreign copy is refused with the reason, which `/ready` shows.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeDurably } from '../registry-polling/durable-write.js';
import { supergraphHash } from './supergraph-hash.js';

export interface LastKnownGoodMeta {
  readonly graphRef: string;
  readonly hash: string;
  readonly version: number | null;
  readonly loadedAt: string;
}

export type LastKnownGood =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'verified'; readonly supergraphSdl: string; readonly meta: LastKnownGoodMeta };

export interface LastKnownGoodStore {
  readonly sdlPath: string;
  save(entry: { supergraphSdl: string; hash: string; version: number | null }): Promise<void>;
  load(): Promise<LastKnownGood>;
}

const metaSchema = z.object({
  graphRef: z.string(),
  hash: z.string(),
  version: z.number().int().nullable(),
  loadedAt: z.string(),
});

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
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

  async function readMeta(): Promise<LastKnownGoodMeta | string> {
    let text: string;
    try {
      text = await readFile(metaPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? `its meta file ${metaPath} is missing` : `cannot read ${metaPath}: ${code}`;
    }
    try {
      return metaSchema.parse(JSON.parse(text));
    } catch {
      return `its meta file ${metaPath} is not valid`;
    }
  }

  return {
    sdlPath,
    async save({ supergraphSdl, hash, version }) {
      await mkdir(dir, { recursive: true });
      await writeDurably(dir, sdlPath, supergraphSdl);
      const meta: LastKnownGoodMeta = { graphRef, hash, version, loadedAt: new Date().toISOString() };
      await writeDurably(dir, metaPath, `${JSON.stringify(meta, null, 2)}\n`);
    },
    async load() {
      let supergraphSdl: string;
      try {
        supergraphSdl = await readFile(sdlPath, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === 'ENOENT'
          ? { kind: 'missing' }
          : { kind: 'refused', reason: `cannot read it: ${code}` };
      }
      const meta = await readMeta();
      if (typeof meta === 'string') return { kind: 'refused', reason: meta };
      if (meta.graphRef !== graphRef) {
        return { kind: 'refused', reason: `its meta file records graph ${meta.graphRef}, not ${graphRef}` };
      }
      const found = supergraphHash(supergraphSdl);
      if (found !== meta.hash) {
        return {
          kind: 'refused',
          reason: `its content does not match the hash recorded in ${metaPath} (recorded ${short(meta.hash)}, found ${short(found)})`,
        };
      }
      return { kind: 'verified', supergraphSdl, meta };
    },
  };
}
