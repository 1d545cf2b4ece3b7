/**
 * Redis keys of one client's quota: `<prefix>{<graph>:<client>}:rate` and `…:budget`. The braces are a Redis
 * Cluster hash tag: only the part between them decides the slot, so both keys of a client live in one slot and
 * the consume script, which touches both, runs on a cluster. Characters that would end the tag early or make
 * two subjects collide (`{`, `}`, `:` and `%`) are percent-encoded.
 */
import type { QuotaSubject } from './quota-store.js';

export const DEFAULT_KEY_PREFIX = 'atrium:quota:';

export interface QuotaKeys {
  readonly rate: string;
  readonly budget: string;
}

function encode(part: string): string {
  return part.replace(/[%{}:]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Whether a key prefix may be used: a brace in it would move the hash tag into the prefix. */
export function keyPrefixProblem(prefix: string): string | null {
  return /[{}]/.test(prefix) ? 'a key prefix must not contain "{" or "}"' : null;
}

export function quotaKeys(prefix: string, subject: QuotaSubject): QuotaKeys {
  const tag = `{${encode(subject.graph)}:${encode(subject.client)}}`;
  return { rate: `${prefix}${tag}:rate`, budget: `${prefix}${tag}:budget` };
}
