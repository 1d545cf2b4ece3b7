/** Entity tags (RFC 9110 §8.8.3) of what hubs and clients poll or change: supergraphs and client records. */

/** `"<hash>"`: a strong validator. */
export function etagOf(hash: string): string {
  return `"${hash}"`;
}

function candidates(header: string): string[] {
  return header.split(',').map((candidate) => candidate.trim());
}

/** Whether an `If-None-Match` header (a list, possibly weak, or `*`) matches the ETag (weak comparison). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return candidates(header)
    .map((candidate) => candidate.replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === etag);
}

/**
 * Whether an `If-Match` header allows a change of the current representation with this ETag: no header, `*` (it
 * exists), or a list naming it. Strong comparison: a weak tag never matches.
 */
export function matchesIfMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  return candidates(header).some((candidate) => candidate === '*' || candidate === etag);
}
