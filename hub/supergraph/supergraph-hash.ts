import { createHash } from 'node:crypto';

/** The identity of a supergraph: sha256 hex of its SDL exactly as composed (`PreparedSupergraph.hash`). */
export function supergraphHash(supergraphSdl: string): string {
  return createHash('sha256').update(supergraphSdl).digest('hex');
}
