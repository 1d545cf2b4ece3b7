/** `"<hash>"`: a strong validator, the sha256 of the supergraph SDL. */
export function etagOf(hash: string): string {
  return `"${hash}"`;
}

/** Whether an `If-None-Match` header (a list, possibly weak, or `*`) matches the ETag. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === etag);
}
