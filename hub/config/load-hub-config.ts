/**
 * Loads the hub configuration once: config file, environment and overrides merged (overrides win, then the
 * environment, then the file), validated with zod with every problem reported at once with its path
 * (CONFIG_INVALID), relative paths resolved, and the result deeply frozen.
 */
import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { deepFreeze } from '../../lib/deep-freeze.js';
import { HubErrors, type ConfigIssue } from '../errors.js';
import type { PolicyTableEntry } from '../../policies/contract/policy.js';
import { policyTable } from '../pipeline/table.js';
import { dropReplacedSource, mergeLayers, resolveFilePaths, type ConfigLayer } from './config-layers.js';
import { environmentLayer, isProduction, type Environment } from './environment.js';
import { buildHubConfigSchema, type HubConfigInput } from './hub-config-schema.js';
import type { HubConfig } from './hub-config.js';
import { shorthandConflicts } from './policy-shorthands.js';
import { readConfigFile } from './read-config-file.js';

export type { HubConfig } from './hub-config.js';
export type { HubConfigInput } from './hub-config-schema.js';

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

export interface LoadHubConfigInput {
  /** YAML or JSON config file (`--config`). */
  readonly file?: string;
  /** Highest-precedence values, shaped like the file (CLI flags, tests). */
  readonly overrides?: DeepPartial<HubConfigInput>;
  /** Defaults to `process.env`; read for `NODE_ENV`, `ATRIUM_REGISTRY_URL`, `ATRIUM_TOKEN`, `ATRIUM_IDENTITY_SECRET`. */
  readonly env?: Environment;
  /** Base of relative paths given in overrides or the environment; defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** The policy table to validate `policies` against; the hub's own by default. */
  readonly policyTable?: readonly PolicyTableEntry[];
}

export function loadHubConfig(input: LoadHubConfigInput = {}): HubConfig {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const fileLayer =
    input.file === undefined ? {} : resolveFilePaths(readConfigFile(input.file), resolve(cwd, input.file));
  const overrides = (input.overrides ?? {}) as ConfigLayer;
  const envLayer = environmentLayer(env, [fileLayer, overrides]);
  const lower = mergeLayers(fileLayer, envLayer);
  const merged = mergeLayers(dropReplacedSource(lower, overrides), overrides);

  const table = input.policyTable ?? policyTable;
  const schema = buildHubConfigSchema(table, { production: isProduction(env) });
  const conflicts = shorthandConflicts(merged, table);
  const result = schema.safeParse(merged);
  if (!result.success || conflicts.length > 0) {
    const issues = [...conflicts, ...(result.success ? [] : toIssues(result.error))];
    throw HubErrors.CONFIG_INVALID.create({ issues });
  }
  return deepFreeze(resolvePaths(result.data, cwd));
}

function toIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.'),
    message: issue.message,
  }));
}

function resolvePaths(config: HubConfig, cwd: string): HubConfig {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    ...config,
    supergraph:
      config.supergraph.source === 'file'
        ? { source: 'file', file: absolute(config.supergraph.file) }
        : config.supergraph,
    lastKnownGood: { dir: absolute(config.lastKnownGood.dir) },
  };
}
