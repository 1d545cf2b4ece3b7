import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CliError } from './cli-error.js';

/**
 * A Rover `supergraph.yaml` (https://www.apollographql.com/docs/rover/commands/supergraphs#yaml-configuration-file):
 * `subgraphs: { <name>: { routing_url, schema: { file } } }`. Other schema sources (`subgraph_url`, `graphref`)
 * and `federation_version` are not used by a publish; a schema without `file` is refused.
 */
const configSchema = z.object({
  federation_version: z.union([z.string(), z.number()]).optional(),
  subgraphs: z
    .record(
      z.string(),
      z
        .object({
          routing_url: z.string().min(1),
          schema: z.object({ file: z.string().min(1) }).passthrough(),
        })
        .passthrough(),
    )
    .refine((subgraphs) => Object.keys(subgraphs).length > 0, { message: 'lists no subgraphs' }),
});

export interface ConfiguredSubgraph {
  readonly name: string;
  readonly routingUrl: string;
  readonly sdl: string;
}

/** Reads the file and every schema it names (paths relative to the file). Usage errors (exit 2) on any problem. */
export async function readSupergraphConfig(cwd: string, path: string): Promise<ConfiguredSubgraph[]> {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw CliError.usage(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw CliError.usage(
      `${path} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = configSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw CliError.usage(
      `${path} is not a supergraph config (subgraphs: { <name>: { routing_url, schema: { file } } }): ${problems.join('; ')}`,
    );
  }
  const base = dirname(file);
  return Promise.all(
    Object.entries(result.data.subgraphs).map(async ([name, entry]) => {
      const schemaFile = resolve(base, entry.schema.file);
      try {
        return { name, routingUrl: entry.routing_url, sdl: await readFile(schemaFile, 'utf8') };
      } catch (error) {
        throw CliError.usage(
          `cannot read the schema of subgraph ${name} (${entry.schema.file}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    }),
  );
}
