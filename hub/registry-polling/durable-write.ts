/**
 * Atomic, durable writes of the hub's last-known-good copies (the supergraph, the client records, the persisted
 * operations): a temporary file in the same directory, written and fsynced, renamed over the old one, then the
 * directory fsynced, so a crash leaves the old file or the new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** Platforms where a directory cannot be opened for fsync; the rename is then as durable as it gets. */
const NO_DIRECTORY_SYNC = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP']);

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!NO_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes `content` to `path` atomically and durably (temporary file, fsync, rename, directory fsync). */
export async function writeDurably(dir: string, path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}
