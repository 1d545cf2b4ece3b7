import { GraphQLSchema, parse, printSchema, Source, type DocumentNode } from 'graphql';
import type { CompositionError } from '../api-types.js';
import type { ReportedChange, ReportLintFinding } from '../checks/check-report.js';
import { diffSchemas } from '../checks/classify-changes.js';
import type { LintConfig } from '../checks/lint/lint-config.js';
import { lintSubgraphDocument } from '../checks/lint/naming-rules.js';
import { deprecationReason } from '../checks/lint/removal-rule.js';
import { locateChanges } from '../checks/locate-changes.js';
import type { Composer, SubgraphSource } from '../services/composition.js';
import { inspectSubgraphSdl, type SdlInspection } from '../services/subgraph-sdl.js';
import {
  brokenOperations,
  touchedNames,
  validateOperations,
  type BrokenOperation,
  type OperationInput,
  type OperationValidation,
} from './operation-tasks.js';

/**
 * The CPU-heavy work of the registry, as tasks for the schema workers (schema-worker.ts). Inputs and results are
 * plain data (SDL strings, reports, hashes), never GraphQLSchema objects: they are copied between threads.
 * Nothing here touches the database or the event loop of the API.
 */
export type SchemaTask =
  | {
      readonly kind: 'inspect-sdl';
      readonly subgraph: string;
      readonly sdl: string;
      readonly maxFields: number;
    }
  | { readonly kind: 'analyze'; readonly input: AnalysisInput }
  | {
      readonly kind: 'validate-operations';
      /** The supergraph whose API schema the operations are validated against. */
      readonly supergraph: { readonly hash: string; readonly sdl: string };
      readonly operations: readonly OperationInput[];
    }
  | {
      readonly kind: 'diff-supergraphs';
      /** Two stored supergraph versions: their API schemas are diffed and printed (the dashboard's diff). */
      readonly from: { readonly hash: string; readonly sdl: string };
      readonly to: { readonly hash: string; readonly sdl: string };
    };

export type SchemaTaskResult<T extends SchemaTask> = T extends { kind: 'inspect-sdl' }
  ? SdlInspection
  : T extends { kind: 'validate-operations' }
    ? OperationValidation[]
    : T extends { kind: 'diff-supergraphs' }
      ? SupergraphDiff
      : SchemaAnalysis;

/** The classified API-schema changes between two supergraph versions, and both API schemas printed. */
export interface SupergraphDiff {
  readonly changes: ReportedChange[];
  readonly fromApiSdl: string;
  readonly toApiSdl: string;
}

/** A proposed change of one subgraph, with everything the analysis needs. */
export interface AnalysisInput {
  readonly subgraph: string;
  readonly action: 'publish' | 'delete';
  /** The proposed SDL of `subgraph` (publish), `null` for a delete. */
  readonly proposedSdl: string | null;
  /** The current SDL of `subgraph`, `null` when it is new: removed elements are located in it. */
  readonly currentSdl: string | null;
  /** Every subgraph as proposed: the others as they are, plus `subgraph` unless deleted. */
  readonly sources: readonly SubgraphSource[];
  /** The current supergraph, `null` when the variant has none. */
  readonly base: { readonly hash: string; readonly sdl: string } | null;
  readonly lintConfig: LintConfig;
  /**
   * Print and hash the proposed supergraph (publishes and deletes store it). A check does not: printing a large
   * supergraph costs tens of milliseconds.
   */
  readonly printSupergraph: boolean;
  /**
   * The documents of the variant's active registered client versions (each once): those valid against the current
   * API schema and not against the proposed one are `brokenOperations`.
   */
  readonly operations: readonly OperationInput[];
}

/**
 * The stages that need schemas, done in a worker: composition → client impact (the API-schema diff, located in
 * the subgraph's SDL) → the lint rules that read only SDL and schemas. What needs the database (deprecation
 * dates) is done on the main thread with `deprecatedRemovals`.
 */
export interface SchemaAnalysis {
  /** Non-empty when the proposal does not compose; nothing else is filled in then. */
  readonly compositionErrors: CompositionError[];
  /** The proposal composed and leaves at least one subgraph. */
  readonly composed: boolean;
  /** The proposed supergraph when `composed` and asked for (`printSupergraph`), else `null`. */
  readonly supergraph: { readonly sdl: string; readonly hash: string } | null;
  readonly changes: ReportedChange[];
  /** Naming and deprecation-reason findings on the proposed SDL. */
  readonly subgraphFindings: ReportLintFinding[];
  /** Removed fields and enum values that were deprecated in the current API schema, with their reasons. */
  readonly deprecatedRemovals: [coordinate: string, reason: string][];
  /** Registered operations the proposal breaks (by document id). */
  readonly brokenOperations: BrokenOperation[];
}

const EMPTY_DOCUMENT: DocumentNode = { kind: 'Document' as DocumentNode['kind'], definitions: [] };

export async function runSchemaTask(
  task: SchemaTask,
  composer: Composer,
): Promise<SdlInspection | SchemaAnalysis | OperationValidation[] | SupergraphDiff> {
  switch (task.kind) {
    case 'inspect-sdl':
      return inspectSubgraphSdl(task.subgraph, task.sdl, task.maxFields);
    case 'analyze':
      return analyzeProposal(task.input, composer);
    case 'validate-operations':
      return validateOperations(
        composer.apiSchemaOfSupergraph(task.supergraph.hash, task.supergraph.sdl),
        task.operations,
      );
    case 'diff-supergraphs': {
      const oldSchema = composer.apiSchemaOfSupergraph(task.from.hash, task.from.sdl);
      const newSchema = composer.apiSchemaOfSupergraph(task.to.hash, task.to.sdl);
      return {
        changes: await diffSchemas(oldSchema, newSchema),
        fromApiSdl: printSchema(oldSchema),
        toApiSdl: printSchema(newSchema),
      };
    }
  }
}

export async function analyzeProposal(input: AnalysisInput, composer: Composer): Promise<SchemaAnalysis> {
  const composition = input.sources.length > 0 ? composer.compose(input.sources) : null;
  if (composition && !composition.ok) {
    return {
      compositionErrors: composition.errors,
      composed: false,
      supergraph: null,
      changes: [],
      subgraphFindings: [],
      deprecatedRemovals: [],
      brokenOperations: [],
    };
  }
  const oldSchema = input.base
    ? composer.apiSchemaOfSupergraph(input.base.hash, input.base.sdl)
    : new GraphQLSchema({});
  const newSchema = composition ? composition.apiSchema() : new GraphQLSchema({});
  const { subgraph } = input;
  const changes = locateChanges(await diffSchemas(oldSchema, newSchema), {
    old: { file: `${subgraph} (current)`, document: safeParse(input.currentSdl, subgraph) },
    new: { file: subgraph, document: safeParse(input.proposedSdl, subgraph) },
  });
  const subgraphFindings =
    input.proposedSdl === null
      ? []
      : lintSubgraphDocument(parse(new Source(input.proposedSdl, subgraph)), subgraph, input.lintConfig);
  const deprecatedRemovals: [string, string][] = [];
  for (const change of changes) {
    if (change.code !== 'FIELD_REMOVED' && change.code !== 'ENUM_VALUE_REMOVED') continue;
    const reason = deprecationReason(oldSchema, change.coordinate);
    if (reason !== undefined) deprecatedRemovals.push([change.coordinate, reason]);
  }
  // Without a change of the API schema, nothing that validates now stops validating.
  const broken =
    !input.base || changes.length === 0 || input.operations.length === 0
      ? []
      : composition
        ? brokenOperations(oldSchema, newSchema, input.operations, touchedNames(changes))
        : brokenOperations(oldSchema, null, input.operations);
  const print = composition !== null && input.printSupergraph;
  // After a publish, the next check of this variant compares with this supergraph: its API schema is ready.
  if (print) composer.remember(composition);
  return {
    compositionErrors: [],
    composed: composition !== null,
    supergraph: print ? { sdl: composition.supergraphSdl(), hash: composition.hash() } : null,
    changes,
    subgraphFindings,
    deprecatedRemovals,
    brokenOperations: broken,
  };
}

/** Stored and proposed SDL were parsed before they got here; a failure only costs the locations. */
function safeParse(sdl: string | null, name: string): DocumentNode {
  if (sdl === null) return EMPTY_DOCUMENT;
  try {
    return parse(new Source(sdl, name));
  } catch {
    return EMPTY_DOCUMENT;
  }
}
