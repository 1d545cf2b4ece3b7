/**
 * The spool of batches waiting for the registry: one file per batch under the hub's data directory
 * (`<dir>/<sequence>-<batchId>.json.gz`, written to a temporary name and renamed, so a file is whole or absent).
 * Every batch is written here before it is sent and removed once the registry took it: a hub killed at any
 * moment loses only what it had not sealed yet (at most one flush interval), and a restarted hub sends what it
 * finds. The spool is bounded in bytes; a batch that does not fit is dropped and its requests counted.
 * When the directory cannot be written, batches wait in memory under the same bound.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SpooledBatch {
  readonly batchId: string;
  readonly bytes: number;
  /** The requests it counts (0 for a batch found on disk at start: not needed again). */
  readonly requests: number;
  /** Where it is on disk, or its body when the disk could not take it. */
  readonly file: string | null;
  readonly body: Buffer | null;
}

const FILE = /^(\d{15})-([0-9a-f-]{36})\.json\.gz$/;

export class UsageSpool {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #batches: SpooledBatch[] = [];
  #bytes = 0;
  #sequence = Date.now();

  constructor(dir: string, maxBytes: number) {
    this.#dir = dir;
    this.#maxBytes = maxBytes;
  }

  get length(): number {
    return this.#batches.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Finds the batches a previous run left (oldest first). */
  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const names = (await readdir(this.#dir)).filter((name) => FILE.test(name)).sort();
    for (const name of names) {
      const match = FILE.exec(name);
      const file = join(this.#dir, name);
      const { size } = await stat(file);
      this.#batches.push({ batchId: match?.[2] ?? '', bytes: size, requests: 0, file, body: null });
      this.#bytes += size;
      this.#sequence = Math.max(this.#sequence, Number(match?.[1] ?? 0) + 1);
    }
  }

  /** Keeps the batch; false when it does not fit (then it is dropped). */
  async add(batchId: string, body: Buffer, requests: number): Promise<boolean> {
    if (this.#bytes + body.length > this.#maxBytes) return false;
    this.#bytes += body.length;
    const sequence = String(this.#sequence++).padStart(15, '0');
    const file = join(this.#dir, `${sequence}-${batchId}.json.gz`);
    try {
      await writeFile(`${file}.tmp`, body);
      await rename(`${file}.tmp`, file);
      this.#batches.push({ batchId, bytes: body.length, requests, file, body: null });
    } catch {
      this.#batches.push({ batchId, bytes: body.length, requests, file: null, body });
    }
    return true;
  }

  oldest(): SpooledBatch | undefined {
    return this.#batches[0];
  }

  async body(batch: SpooledBatch): Promise<Buffer> {
    return batch.body ?? (await readFile(batch.file ?? ''));
  }

  /** Removes the oldest batch (sent, or refused for good). */
  async shift(): Promise<void> {
    const batch = this.#batches.shift();
    if (batch === undefined) return;
    this.#bytes -= batch.bytes;
    if (batch.file !== null) await rm(batch.file, { force: true });
  }
}
