/**
 * `operationHash`: sha256 (hex) of the document text as the client sent it (for a persisted operation, its
 * registered body: the hash is its id). Kept per text in a bounded cache, so a request's hash is a lookup.
 */
import { createHash } from 'node:crypto';
import { createBoundedCache } from '../../lib/bounded-cache.js';

const HASHED_TEXTS = 1_000;
const CACHED_TEXT_AT_MOST = 16 * 1024;

export function createOperationHasher(): (text: string | undefined) => string | undefined {
  const hashes = createBoundedCache<string, string>(HASHED_TEXTS);
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  return (text) => {
    if (text === undefined) return undefined;
    if (text.length > CACHED_TEXT_AT_MOST) return hash(text);
    let known = hashes.get(text);
    if (known === undefined) {
      known = hash(text);
      hashes.set(text, known);
    }
    return known;
  };
}
