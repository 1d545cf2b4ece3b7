/**
 * The layers the hub configuration is merged from, lowest first: the config file, the environment, the
 * overrides (CLI flags, tests). Plain objects merge key by key; anything else replaces; `undefined` in a
 * higher layer means "not set" and changes nothing.
 */
import { dirname, isAbsolute, resolve } from 'node:path';

export type ConfigLayer = Record<string, unknown>;

export function isPlainObject(value: unknown): value is ConfigLayer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergeLayers(lower: ConfigLayer, higher: ConfigLayer): ConfigLayer {
  const merged: ConfigLayer = { ...lower };
  for (const [key, value] of Object.entries(higher)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeLayers(current, value) : value;
  }
  return merged;
}

function supergraphOf(layer: ConfigLayer): ConfigLayer | undefined {
  const supergraph = layer['supergraph'];
  return isPlainObject(supergraph) ? supergraph : undefined;
}

export function namesRegistrySource(layer: ConfigLayer): boolean {
  return supergraphOf(layer)?.['registry'] !== undefined;
}

/**
 * A layer that names a supergraph source (`registry` or `file`) replaces the source of the layers below it,
 * so `--supergraph FILE` wins over a config file that polls the registry instead of conflicting with it.
 */
export function dropReplacedSource(lower: ConfigLayer, higher: ConfigLayer): ConfigLayer {
  const higherSupergraph = supergraphOf(higher);
  const lowerSupergraph = supergraphOf(lower);
  if (higherSupergraph === undefined || lowerSupergraph === undefined) return lower;
  const { registry, file, ...rest } = lowerSupergraph;
  const kept: ConfigLayer = { ...rest };
  if (higherSupergraph['file'] === undefined && registry !== undefined) kept['registry'] = registry;
  if (higherSupergraph['registry'] === undefined && file !== undefined) kept['file'] = file;
  return { ...lower, supergraph: kept };
}

/** Relative paths in a config file are relative to that file, not to the working directory. */
export function resolveFilePaths(layer: ConfigLayer, configFile: string): ConfigLayer {
  const base = dirname(configFile);
  const rebase = (value: unknown): unknown =>
    typeof value === 'string' && value !== '' && !isAbsolute(value) ? resolve(base, value) : value;
  const result: ConfigLayer = { ...layer };
  const supergraph = supergraphOf(layer);
  if (supergraph !== undefined && 'file' in supergraph) {
    result['supergraph'] = { ...supergraph, file: rebase(supergraph['file']) };
  }
  const lastKnownGood = layer['lastKnownGood'];
  if (isPlainObject(lastKnownGood) && 'dir' in lastKnownGood) {
    result['lastKnownGood'] = { ...lastKnownGood, dir: rebase(lastKnownGood['dir']) };
  }
  return result;
}
