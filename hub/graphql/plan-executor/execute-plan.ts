/**
 * The hub's execution of a query plan of @apollo/gateway's planner: Sequence, Parallel, Flatten, Fetch and
 * Condition nodes, as the gateway's `executeQueryPlan` runs them (its executeQueryPlan.ts), with less garbage:
 * flattening walks the tree without copying paths, merging and representation building read plain objects
 * without federation-internals' getters, and the final shaping is compiled per operation (response-shape.ts).
 *
 * Fetches go through the gateway's data sources (`service.process`), so everything a data source does (the
 * pipeline's subgraph-request hooks, identity forwarding, in-flight fetch deduplication, error masking, fetch
 * spans and metrics) is unchanged. Subgraph errors become the same GraphQLErrors (message, path mapped into the
 * client's response, `extensions.serviceName`, the federation error codes) in the same order.
 *
 * `isSupportedPlan` says which plans this covers; the others (Defer, Subscription, fetches with data rewrites
 * of @interfaceObject or @fromContext) run on the gateway's own executor.
 */
import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type {
  FetchNode,
  PlanNode,
  QueryPlan,
  QueryPlanSelectionNode,
  ResponsePath,
} from '@apollo/query-planner';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  type GraphQLErrorOptions,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';

type Data = Record<string, unknown>;

export type ServiceMap = Readonly<Record<string, GraphQLDataSource>>;

/** The gateway's `GraphQLDataSourceRequestKind.INCOMING_OPERATION` (the enum is not exported). */
const INCOMING_OPERATION = 'incoming operation';

interface Cursor {
  readonly path: ResponsePath;
  readonly data: Data | Data[];
  readonly fullResult: Data;
}

export interface PlanRun {
  readonly serviceMap: ServiceMap;
  readonly requestContext: GatewayGraphQLRequestContext;
  readonly supergraph: SupergraphFacts;
  /** The values of the operation's variables with their defaults (`Condition` nodes). */
  readonly conditionValue: (variable: string) => boolean;
  readonly errors: GraphQLError[];
}

const supported = new WeakMap<QueryPlan, boolean>();

function supportedNode(node: PlanNode): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(supportedNode);
    case 'Flatten':
      return supportedNode(node.node);
    case 'Condition':
      return (
        (node.ifClause === undefined || supportedNode(node.ifClause)) &&
        (node.elseClause === undefined || supportedNode(node.elseClause))
      );
    case 'Fetch':
      return (
        (node.inputRewrites ?? []).length === 0 &&
        (node.outputRewrites ?? []).length === 0 &&
        (node.contextRewrites ?? []).length === 0 &&
        node.hasDefers !== true
      );
    case 'Defer':
      return false;
  }
}

/** Whether this executor runs the plan (decided once per plan). */
export function isSupportedPlan(plan: QueryPlan): boolean {
  let result = supported.get(plan);
  if (result === undefined) {
    const node = plan.node;
    result = node === undefined || (node.kind !== 'Subscription' && supportedNode(node));
    supported.set(plan, result);
  }
  return result;
}

/** The gateway's `isObjectOfType` on the supergraph schema, memoized by (typename, condition). */
export class SupergraphFacts {
  readonly #schema: GraphQLSchema;
  readonly #ofType = new Map<string, Map<string, boolean>>();

  constructor(schema: GraphQLSchema) {
    this.#schema = schema;
  }

  isObjectOfType(typename: string, condition: string): boolean {
    if (typename === condition) return true;
    let byCondition = this.#ofType.get(typename);
    if (byCondition === undefined) {
      byCondition = new Map();
      this.#ofType.set(typename, byCondition);
    }
    let result = byCondition.get(condition);
    if (result === undefined) {
      const type = this.#schema.getType(typename);
      const conditionType = this.#schema.getType(condition);
      result =
        type !== undefined &&
        type !== null &&
        conditionType !== undefined &&
        conditionType !== null &&
        isAbstractType(conditionType) &&
        (isObjectType(type) || isInterfaceType(type)) &&
        this.#schema.isSubType(conditionType, type);
      byCondition.set(condition, result);
    }
    return result;
  }
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Runs the plan's nodes into `data` (the unshaped result), collecting fetch errors in `run.errors`. */
export async function executePlan(run: PlanRun, plan: QueryPlan, data: Data): Promise<void> {
  const node = plan.node;
  if (node === undefined || node.kind === 'Subscription') return;
  await executeNode(run, node, { path: [], data, fullResult: data });
}

async function executeNode(run: PlanRun, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (cursor === undefined) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(run, child, cursor)));
      return;
    case 'Flatten':
      await executeNode(run, node.node, moveIntoCursor(cursor, node.path));
      return;
    case 'Fetch':
      try {
        await executeFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = run.conditionValue(node.condition) ? node.ifClause : node.elseClause;
      if (branch !== undefined) await executeNode(run, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error(`plan node ${node.kind} is not supported by the hub's executor`);
  }
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAt(cursor.data, path, 0);
  if (data === undefined || data === null) return undefined;
  return { path: cursor.path.concat(path), data, fullResult: cursor.fullResult };
}

/** The gateway's `flattenResultsAtPath`: the objects at `path` (`@` for each element of a list), flattened. */
function flattenAt(value: unknown, path: ResponsePath, at: number): Data | Data[] | null | undefined {
  if (at === path.length) return value as Data | Data[];
  if (value === undefined || value === null) return value;
  const current = path[at];
  if (current === '@') {
    const out: Data[] = [];
    for (const element of value as unknown[]) {
      const flattened = flattenAt(element, path, at + 1);
      if (Array.isArray(flattened)) for (const item of flattened) out.push(item);
      else out.push(flattened as Data);
    }
    return out;
  }
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  const object = value as Data;
  return flattenAt(hasOwn(object, current) ? object[current] : undefined, path, at + 1);
}

function isObject(value: unknown): value is Data {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The gateway's `deepMerge` (utilities/deepMerge.ts): `source` merged into `target` in place. */
export function deepMerge(target: Data, source: unknown): void {
  if (source === undefined || source === null) return;
  const from = source as Data;
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (value === undefined) continue;
    if (key in target && !hasOwn(target, key)) {
      Object.defineProperty(target, key, {
        configurable: true,
        enumerable: true,
        value: undefined,
        writable: true,
      });
    }
    const existing = target[key];
    if (existing && isObject(value)) {
      deepMerge(existing as Data, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        const into: unknown = existing[i];
        const item: unknown = value[i];
        if (isObject(into) && isObject(item)) deepMerge(into, item);
        else existing[i] = item;
      }
    } else {
      target[key] = value;
    }
  }
}

function assign(target: Data, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { configurable: true, enumerable: true, value, writable: true });
  } else {
    target[key] = value;
  }
}

/** The gateway's `executeSelectionSet`: an entity's representation for `requires`, or null without all inputs. */
function representationOf(
  facts: SupergraphFacts,
  source: Data | null,
  selections: readonly QueryPlanSelectionNode[],
): Data | null {
  if (source === null) return null;
  // A plain object, not the gateway's prototype-less one: JSON.stringify (the fetch's body) has a fast path for
  // these. Only `__proto__` behaves differently when assigned, and is defined instead (`assign`).
  const result: Data = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const responseName = selection.alias ?? selection.name;
      const inner = selection.selections;
      const value = hasOwn(source, responseName) ? source[responseName] : undefined;
      if (value === undefined) return null;
      if (Array.isArray(value)) {
        assign(
          result,
          responseName,
          value.map((item: unknown) => (inner ? representationOf(facts, item as Data | null, inner) : item)),
        );
      } else if (inner) {
        assign(result, responseName, representationOf(facts, value as Data | null, inner));
      } else {
        assign(result, responseName, value);
      }
    } else {
      if (!selection.typeCondition) continue;
      const typename = source['__typename'];
      if (typename && facts.isObjectOfType(typename as string, selection.typeCondition)) {
        const merged = representationOf(facts, source, selection.selections);
        if (merged !== null) deepMerge(result, merged);
      }
    }
  }
  return result;
}

async function executeFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = run.serviceMap[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);

  let entities: Data[];
  if (Array.isArray(cursor.data)) {
    entities = [];
    for (const entity of cursor.data) if (entity !== null && entity !== undefined) entities.push(entity);
  } else {
    entities = [cursor.data];
  }
  if (entities.length < 1) return;

  const variables = Object.create(null) as Data;
  const provided = run.requestContext.request.variables;
  if (fetch.variableUsages && provided) {
    for (const name of fetch.variableUsages) {
      if (hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
  }

  if (!fetch.requires) {
    const received = await sendOperation(run, fetch, cursor, service, variables);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }

  const representations: Data[] = [];
  const representationToEntity: number[] = [];
  for (let index = 0; index < entities.length; index++) {
    const representation = representationOf(run.supergraph, entities[index]!, fetch.requires);
    if (representation && representation['__typename']) {
      representations.push(representation);
      representationToEntity.push(index);
    }
  }
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);

  const received = await sendOperation(run, fetch, cursor, service, { ...variables, representations });
  if (!received) return;
  const receivedEntities = received['_entities'];
  if (!(receivedEntities && Array.isArray(receivedEntities))) {
    throw new Error(`Expected "data._entities" in response to be an array`);
  }
  if (receivedEntities.length !== representations.length) {
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  }
  for (let i = 0; i < entities.length; i++) {
    const receivedEntity = receivedEntities[i] as Data | null | undefined;
    const existing = entities[representationToEntity[i]!];
    if (receivedEntity && !receivedEntity['__typename']) {
      receivedEntity['__typename'] = existing!['__typename'];
    }
    deepMerge(existing!, receivedEntity);
  }
}

async function sendOperation(
  run: PlanRun,
  fetch: FetchNode,
  cursor: Cursor,
  service: GraphQLDataSource,
  variables: Data,
): Promise<Data | null | undefined> {
  const { requestContext } = run;
  const response = await service.process({
    kind: INCOMING_OPERATION as never,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: requestContext,
    context: requestContext.context,
    ...(fetch.operationDocumentNode === undefined ? {} : { document: fetch.operationDocumentNode }),
    pathInIncomingRequest: cursor.path,
  } as Parameters<GraphQLDataSource['process']>[0]);

  if (response.errors) {
    const errorPath = lazyErrorPaths(fetch, cursor);
    for (const error of response.errors)
      run.errors.push(downstreamServiceError(error, fetch.serviceName, errorPath));
    if (!response.extensions?.['ftv1']) {
      const errorPaths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      const metrics = requestContext.metrics;
      if (metrics.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...errorPaths);
      else metrics.nonFtv1ErrorPaths = errorPaths;
    }
  }
  return response.data as Data | null | undefined;
}

type ErrorPath = GraphQLErrorOptions['path'];

/** The gateway's `makeLazyErrorPathGenerator`: a subgraph error's path in the client's response. */
function lazyErrorPaths(fetch: FetchNode, cursor: Cursor): (path: ErrorPath) => ErrorPath {
  let hydrated: ResponsePath[] | undefined;
  return (errorPath) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (hydrated === undefined) {
        hydrated = [];
        hydratePaths([], cursor.path, 0, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath.slice()] : undefined;
  };
}

/** The gateway's `generateHydratedPaths`: `path` with each `@` replaced by the indexes present in `data`. */
function hydratePaths(
  parent: (string | number)[],
  path: ResponsePath,
  at: number,
  data: unknown,
  result: ResponsePath[],
): void {
  if (data === null || data === undefined) return;
  const head = path[at];
  if (head === undefined) {
    result.push(parent.slice());
  } else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    for (let i = 0; i < data.length; i++) {
      parent.push(i);
      hydratePaths(parent, path, at + 1, data[i], result);
      parent.pop();
    }
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) {
        parent.push(i);
        hydratePaths(parent, path, at, data[i], result);
        parent.pop();
      }
    } else if (hasOwn(data, head)) {
      parent.push(head);
      hydratePaths(parent, path, at + 1, (data as Data)[head], result);
      parent.pop();
    }
  } else {
    throw new Error(`unknown path part "${String(head)}"`);
  }
}

/** The gateway's `downstreamServiceError`. */
function downstreamServiceError(
  original: GraphQLFormattedError,
  serviceName: string,
  errorPath: (path: ErrorPath) => ErrorPath,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const { extensions } = original;
  const options: GraphQLErrorOptions = {
    originalError: original as Error,
    path: errorPath(original.path),
    extensions: { ...extensions, serviceName },
  };
  const codeDef = errorCodeDef(original);
  if (!codeDef && extensions?.['code']) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
