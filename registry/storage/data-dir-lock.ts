import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { RegistryErrors } from '../errors.js';

/** The lock file in a PGlite data directory; PostgreSQL's `postmaster.pid` plays the same role. */
export const LOCK_FILE = 'atrium-registry.lock';
const TAKEOVER_FILE = 'atrium-registry.lock.takeover';

export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

export interface DataDirLock {
  /** Removes the lock file, once; later calls do nothing. */
  release(): Promise<void>;
}

/**
 * Makes this process the only registry on a PGlite data directory. PGlite is an embedded PostgreSQL without a
 * postmaster: two processes on one directory both acknowledge writes and then overwrite each other's files.
 *
 * The lock file holds `{ pid, hostname, startedAt }`. It is written to a temporary file and then hard-linked to
 * its name: `link` fails with EEXIST when the name exists (like `open` with O_CREAT | O_EXCL) and, unlike an
 * exclusive open followed by a write, never shows a half-written file to a racing process.
 *
 * An existing lock whose process is alive, or that belongs to another host (whose processes this one cannot
 * see), is a DATA_DIR_LOCKED refusal. A lock of this host whose pid is not alive (a crash, kill -9) is stale: it
 * is taken over, with a log line. Two processes taking over the same stale lock are serialized by a second,
 * short-lived exclusive file, so only one of them removes it. A recycled pid (the dead registry's pid now used
 * by an unrelated process) looks alive: the refusal then names the file to delete.
 */
export async function lockDataDir(dataDir: string, logger?: Logger): Promise<DataDirLock> {
  const lockFile = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusively(lockFile, `${JSON.stringify(me)}\n`)) return heldLock(lockFile);
    const holder = await readHolder(lockFile);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && !isStale(holder)) {
      throw RegistryErrors.DATA_DIR_LOCKED.create({ dataDir, lockFile, ...holder });
    }
    await takeOver(dataDir, lockFile, holder, logger);
  }
  // Only reachable when other processes keep taking the lock over at the same moment.
  const holder = await readHolder(lockFile);
  const known = typeof holder === 'object' ? holder : { pid: 0, hostname: 'unknown', startedAt: 'unknown' };
  throw RegistryErrors.DATA_DIR_LOCKED.create({ dataDir, lockFile, ...known });
}

function heldLock(lockFile: string): DataDirLock {
  let released: Promise<void> | undefined;
  return {
    release: () =>
      (released ??= unlink(lockFile).catch((error: unknown) => {
        if (!isCode(error, 'ENOENT')) throw error;
      })),
  };
}

/** Creates `file` with `content` unless it exists; `false` when it does. */
async function createExclusively(file: string, content: string): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function readHolder(lockFile: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return 'unreadable';
    return { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt) };
  } catch {
    return 'unreadable';
  }
}

/** Stale: written on this host by a process that is no longer alive. */
function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isCode(error, 'ESRCH');
  }
}

/** Removes the stale lock `seen`, unless another process replaced it meanwhile. */
async function takeOver(
  dataDir: string,
  lockFile: string,
  seen: LockHolder | 'unreadable',
  logger: Logger | undefined,
): Promise<void> {
  const guard = join(dataDir, TAKEOVER_FILE);
  if (!(await createExclusively(guard, `${JSON.stringify({ pid: process.pid, hostname: hostname() })}\n`))) {
    // Another process is taking over right now, or crashed while doing so.
    const other = await readHolder(guard);
    if (other === 'unreadable' || (typeof other === 'object' && isStale(other))) {
      await unlink(guard).catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  try {
    const current = await readHolder(lockFile);
    const unchanged =
      current === seen ||
      (typeof current === 'object' &&
        typeof seen === 'object' &&
        current.pid === seen.pid &&
        current.startedAt === seen.startedAt);
    if (!unchanged) return;
    logger?.warn(
      seen === 'unreadable' ? { lockFile } : { lockFile, stalePid: seen.pid, staleStartedAt: seen.startedAt },
      seen === 'unreadable'
        ? 'taking over an unreadable data directory lock'
        : 'taking over a stale data directory lock: its process is not running',
    );
    await unlink(lockFile).catch((error: unknown) => {
      if (!isCode(error, 'ENOENT')) throw error;
    });
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
