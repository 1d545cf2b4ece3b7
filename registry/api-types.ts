// The JSON shapes of the registry's HTTP API (docs/registry-api.md).
import type { CompositionErrorDetail } from './errors.js';

export type TokenRole = 'admin' | 'publisher' | 'reader';
export const TOKEN_ROLES: readonly TokenRole[] = ['admin', 'publisher', 'reader'];

export interface GraphInfo {
  name: string;
  createdAt: string;
}

export interface GraphSummary extends GraphInfo {
  variants: string[];
}

export interface Subgraph {
  name: string;
  routingUrl: string;
  sdlHash: string;
  updatedAt: string;
  publishedBy: string;
}

export interface SubgraphWithSdl extends Subgraph {
  sdl: string;
}

export interface SubgraphSnapshot {
  name: string;
  routingUrl: string;
  sdlHash: string;
}

export interface VersionChange {
  action: 'publish' | 'delete';
  subgraph: string;
}

export interface VersionSummary {
  version: number;
  hash: string;
  createdAt: string;
  publishedBy: string;
  change: VersionChange;
  subgraphs: SubgraphSnapshot[];
}

export interface SupergraphVersion extends VersionSummary {
  supergraphSdl: string;
}

export interface TokenInfo {
  id: string;
  name: string;
  role: TokenRole;
  subgraphs: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

export type CompositionError = CompositionErrorDetail;

export type PublishResult =
  | { status: 'published'; version: VersionSummary; created: boolean }
  | { status: 'unchanged'; version: VersionSummary };

export interface DeleteResult {
  status: 'deleted';
  version: VersionSummary | null;
}
