import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import {
  GraphQLError,
  Kind,
  parse,
  print,
  Source,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { OperationUpload } from '../../client/index.js';
import type { CliIo } from '../../cli-io.js';
import { CliError } from '../../cli-error.js';

/**
 * The three inputs of `atrium operations publish --manifest` (docs/cli.md):
 *
 * - `apollo`: an Apollo persisted-query manifest, `{ "format": "apollo-persisted-query-manifest", "version": 1,
 *   "operations": [{ id, body, name, type }] }`, sent as it is;
 * - `map`: a JSON object `{ "<sha256>": "<document>" }` (Relay, graphql-codegen), sent as it is;
 * - `folder`: a folder of `.graphql` / `.gql` files (searched recursively), or one such file. Each named operation
 *   becomes one document: the operation, then every fragment it uses (directly or through other fragments, from any
 *   file) sorted by name, printed by graphql-js `print` and joined by a blank line; its id is the sha256 of that
 *   text. A client sends that exact text, or the id.
 */
export type ManifestFormat = 'apollo' | 'map' | 'folder';

export interface Manifest {
  readonly format: ManifestFormat;
  readonly operations: OperationUpload[];
}

const GRAPHQL_EXTENSIONS = new Set(['.graphql', '.gql']);

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function unreadable(path: string, error: unknown): CliError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return CliError.usage(`cannot read manifest ${path}: ${reason}`);
}

export async function readManifest(io: CliIo, path: string): Promise<Manifest> {
  const full = resolve(io.cwd, path);
  let isFolder: boolean;
  try {
    isFolder = (await stat(full)).isDirectory();
  } catch (error) {
    throw unreadable(path, error);
  }
  if (isFolder) return folderManifest(full, await graphqlFiles(full));
  if (GRAPHQL_EXTENSIONS.has(extname(full))) return folderManifest(resolve(full, '..'), [full]);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw CliError.usage(
      `manifest ${path} is not JSON (${(error as Error).message}), nor a .graphql file or folder`,
    );
  }
  return jsonManifest(path, json);
}

function jsonManifest(path: string, json: unknown): Manifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw CliError.usage(`manifest ${path} must be a JSON object`);
  }
  const object = json as Record<string, unknown>;
  if (object.format === 'apollo-persisted-query-manifest') return apolloManifest(path, object);
  const entries = Object.entries(object);
  const notText = entries.find(([, value]) => typeof value !== 'string');
  if (notText) {
    throw CliError.usage(
      `manifest ${path} is neither an Apollo persisted-query manifest ("format": "apollo-persisted-query-manifest") nor a { "<sha256>": "<document>" } map: the value of "${notText[0]}" is not a string`,
    );
  }
  return { format: 'map', operations: entries.map(([id, body]) => ({ id, body: body as string })) };
}

const TYPES = new Set(['query', 'mutation', 'subscription']);

function apolloManifest(path: string, manifest: Record<string, unknown>): Manifest {
  if (manifest.version !== 1) {
    throw CliError.usage(
      `manifest ${path}: only version 1 of the Apollo persisted-query manifest is supported`,
    );
  }
  if (!Array.isArray(manifest.operations))
    throw CliError.usage(`manifest ${path}: "operations" must be an array`);
  const operations = manifest.operations.map((entry: unknown, index): OperationUpload => {
    const at = `manifest ${path}: operations[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw CliError.usage(`${at} must be an object`);
    const { id, body, name, type } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || typeof body !== 'string') {
      throw CliError.usage(`${at} needs a string "id" and a string "body"`);
    }
    if (name !== undefined && name !== null && typeof name !== 'string')
      throw CliError.usage(`${at}: "name" must be a string`);
    if (type !== undefined && (typeof type !== 'string' || !TYPES.has(type))) {
      throw CliError.usage(`${at}: "type" must be query, mutation or subscription`);
    }
    return {
      id,
      body,
      ...(name === undefined ? {} : { name }),
      ...(type === undefined ? {} : { type: type as OperationUpload['type'] & string }),
    };
  });
  return { format: 'apollo', operations };
}

async function graphqlFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    throw unreadable(folder, error);
  }
  return entries
    .filter((entry) => entry.isFile() && GRAPHQL_EXTENSIONS.has(extname(entry.name)))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function folderManifest(base: string, files: readonly string[]): Promise<Manifest> {
  if (files.length === 0) throw CliError.usage(`no .graphql or .gql files in ${base}`);
  const fragments = new Map<string, { node: FragmentDefinitionNode; file: string }>();
  const operations: { node: OperationDefinitionNode; file: string }[] = [];
  for (const file of files) {
    const shown = relative(base, file) || file;
    let document: DocumentNode;
    try {
      document = parse(new Source(await readFile(file, 'utf8'), shown));
    } catch (error) {
      if (error instanceof GraphQLError) {
        const at = error.locations?.[0];
        throw CliError.usage(`${shown}${at ? `:${at.line}:${at.column}` : ''}: ${error.message}`);
      }
      throw unreadable(shown, error);
    }
    for (const definition of document.definitions) collect(definition, shown, fragments, operations);
  }
  const names = new Map<string, string>();
  return {
    format: 'folder',
    operations: operations.map(({ node, file }) => {
      const name = node.name?.value;
      if (!name)
        throw CliError.usage(
          `${file}: every operation in a folder needs a name (an anonymous one cannot be told apart)`,
        );
      const earlier = names.get(name);
      if (earlier) throw CliError.usage(`operation ${name} is defined twice (${earlier} and ${file})`);
      names.set(name, file);
      const used = usedFragments(node, fragments, name);
      const body = [node, ...used].map((definition) => print(definition)).join('\n\n');
      return { id: sha256(body), body, name, type: node.operation };
    }),
  };
}

function collect(
  definition: DefinitionNode,
  file: string,
  fragments: Map<string, { node: FragmentDefinitionNode; file: string }>,
  operations: { node: OperationDefinitionNode; file: string }[],
): void {
  if (definition.kind === Kind.OPERATION_DEFINITION) {
    operations.push({ node: definition, file });
    return;
  }
  if (definition.kind !== Kind.FRAGMENT_DEFINITION) {
    throw CliError.usage(`${file}: only operations and fragments belong in an operations folder`);
  }
  const name = definition.name.value;
  const earlier = fragments.get(name);
  if (earlier) throw CliError.usage(`fragment ${name} is defined twice (${earlier.file} and ${file})`);
  fragments.set(name, { node: definition, file });
}

/** The fragments `root` uses, directly or through other fragments, sorted by name. */
function usedFragments(
  root: OperationDefinitionNode,
  fragments: ReadonlyMap<string, { node: FragmentDefinitionNode; file: string }>,
  operation: string,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [root];
  for (let next = pending.pop(); next; next = pending.pop()) {
    visit(next, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment)
          throw CliError.usage(`operation ${operation} uses fragment ${name}, which no file defines`);
        found.set(name, fragment.node);
        pending.push(fragment.node);
      },
    });
  }
  return [...found.keys()].sort().map((name) => found.get(name) as FragmentDefinitionNode);
}
