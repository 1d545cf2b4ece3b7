import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CliError } from './cli-error.js';
import { introspectSubgraph } from './introspect.js';

/**
 * Rover's `supergraph.yaml`, as `atrium supergraph compose` and `atrium dev` read it:
 *
 *   federation_version: =2.9.0          # accepted; Atrium composes with its own @apollo/composition 2.x
 *   subgraphs:
 *     products:
 *       routing_url: http://localhost:4001/graphql
 *       schema:
 *         file: ./products.graphql      # relative to the config file
 *     reviews:
 *       routing_url: http://localhost:4002/graphql
 *       schema:
 *         subgraph_url: http://localhost:4002/graphql   # introspected: _service { sdl }
 *         introspection_headers: { Authorization: Bearer … }
 *
 * `introspection_url` is accepted as another name for `subgraph_url`; `routing_url` defaults to the URL
 * introspected.
 */
const SchemaSource = z
  .object({
    file: z.string().min(1).optional(),
    subgraph_url: z.url().optional(),
    introspection_url: z.url().optional(),
    introspection_headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((s) => [s.file, s.subgraph_url, s.introspection_url].filter(Boolean).length === 1, {
    message: 'give exactly one of file, subgraph_url, introspection_url',
  });

const SupergraphConfig = z.object({
  federation_version: z.union([z.string(), z.number()]).optional(),
  subgraphs: z.record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'subgraph names are letters, digits, _ and -'),
    z.object({ routing_url: z.string().min(1).optional(), schema: SchemaSource }),
  ),
});

export type SubgraphSpec =
  | { readonly name: string; readonly routingUrl: string; readonly kind: 'file'; readonly file: string }
  | {
      readonly name: string;
      readonly routingUrl: string;
      readonly kind: 'url';
      readonly url: string;
      readonly headers: Record<string, string>;
    };

export async function readSupergraphConfig(cwd: string, path: string): Promise<SubgraphSpec[]> {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw CliError.usage(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw CliError.usage(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const parsed = SupergraphConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw CliError.usage(`${path} is not a valid supergraph config:\n${problems.join('\n')}`);
  }
  const base = dirname(file);
  const specs = Object.entries(parsed.data.subgraphs).map(([name, subgraph]): SubgraphSpec => {
    const url = subgraph.schema.subgraph_url ?? subgraph.schema.introspection_url;
    if (url !== undefined)
      return {
        name,
        routingUrl: subgraph.routing_url ?? url,
        kind: 'url',
        url,
        headers: subgraph.schema.introspection_headers ?? {},
      };
    if (subgraph.routing_url === undefined)
      throw CliError.usage(`${path}: subgraphs.${name}.routing_url is required with schema.file`);
    return {
      name,
      routingUrl: subgraph.routing_url,
      kind: 'file',
      file: resolve(base, subgraph.schema.file ?? ''),
    };
  });
  if (specs.length === 0) throw CliError.usage(`${path}: subgraphs is empty`);
  return specs;
}

/** Each subgraph's SDL: read from its file, or introspected from its URL. */
export async function loadSubgraphSdl(
  specs: readonly SubgraphSpec[],
): Promise<{ name: string; routingUrl: string; sdl: string }[]> {
  return Promise.all(
    specs.map(async (spec) => {
      if (spec.kind === 'url')
        return {
          name: spec.name,
          routingUrl: spec.routingUrl,
          sdl: await introspectSubgraph(spec.url, spec.headers),
        };
      try {
        return { name: spec.name, routingUrl: spec.routingUrl, sdl: await readFile(spec.file, 'utf8') };
      } catch (error) {
        throw CliError.usage(
          `cannot read the schema of subgraph ${spec.name} (${spec.file}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    }),
  );
}
