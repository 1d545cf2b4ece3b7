import type { Severity } from './change-codes.js';
import type { ClassifiedChange } from './classify-changes.js';

/** Which severity makes a check fail: `breaking` (default) or `dangerous` (breaking or dangerous). */
export type FailOn = 'breaking' | 'dangerous';

export const FAIL_ON_VALUES: readonly FailOn[] = ['breaking', 'dangerous'];

/** A file position a change or finding points at. */
export interface ReportLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A classified change as reported: with where it is in the compared sources, when known. */
export interface ReportedChange extends ClassifiedChange {
  readonly location?: ReportLocation;
  /** Registry checks: who used what the change touches in the usage window, and whether that blocks it. */
  readonly usage?: ReportChangeUsage;
}

/**
 * How usage decided a failing change (docs/checks.md, "Usage-aware checks"): `blocking` (used above the
 * thresholds, by an active registered operation, or usage cannot tell), `below-threshold` and `unused` (reported,
 * do not fail the check), `skipped` (`skipUsage`: every failing change counts).
 */
export type UsageOutcome = 'blocking' | 'below-threshold' | 'unused' | 'skipped';

export interface ReportChangeUsage {
  /** The window, as configured (`7d`), and its bounds. */
  readonly period: string;
  readonly from: string;
  readonly to: string;
  /** Requests in the window that used what the change touches (excluded clients and versions left out). */
  readonly requests: number;
  /** `requests` as a percentage of all requests in the window (0–100). */
  readonly percentage: number;
  /** Most requests first; `clientName` / `clientVersion` are `null` when requests had no client headers. */
  readonly clients: readonly {
    readonly clientName: string | null;
    readonly clientVersion: string | null;
    readonly requests: number;
    readonly lastSeen: string | null;
  }[];
  /** Active registered operations that use it: they always count as usage. */
  readonly registeredOperations: readonly {
    readonly clientName: string;
    readonly clientVersion: string;
    readonly operationId: string;
    readonly operationName: string | null;
  }[];
  readonly outcome: UsageOutcome;
  readonly reason: string;
}

/** A composition error of the proposed graph (registry checks); same shape as the registry's composition errors. */
export interface ReportCompositionError {
  readonly code: string;
  readonly message: string;
  readonly locations: readonly {
    readonly subgraph: string | null;
    readonly line: number;
    readonly column: number;
  }[];
}

/** A schema lint finding (registry checks, later). An `error` finding fails the check. */
export interface ReportLintFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly coordinate?: string;
  readonly location?: ReportLocation;
}

/**
 * A registered persisted operation of an active client version that validates against the current API schema and
 * not against the proposed one (registry checks). Always fails the check, whatever `failOn` and the changes say.
 */
export interface ReportBrokenOperation {
  readonly client: string;
  readonly clientVersion: string;
  readonly operationId: string;
  /** `null` for an anonymous operation. */
  readonly operationName: string | null;
  readonly severity: 'breaking';
  /** graphql-js validation errors against the proposed API schema; locations are in the operation's body. */
  readonly errors: readonly {
    readonly message: string;
    readonly locations: readonly { readonly line: number; readonly column: number }[];
  }[];
}

/** What was compared: a file or a registry graph ref, and how it was read. */
export interface ReportSource {
  readonly name: string;
  readonly kind: 'schema' | 'subgraph' | 'supergraph' | 'api-schema';
}

/**
 * The result of a schema check, shared by every formatter (human, JSON, JUnit, SARIF). The offline diff fills
 * `changes`; the registry-side check adds `checkId`, `compositionErrors` and `lintFindings`.
 */
export interface CheckReport {
  /** Version of this shape; bumped only for incompatible changes. */
  readonly reportVersion: 1;
  readonly passed: boolean;
  readonly failOn: FailOn;
  readonly counts: Readonly<Record<Severity, number>>;
  readonly changes: readonly ReportedChange[];
  readonly old?: ReportSource;
  readonly new?: ReportSource;
  readonly checkId?: string;
  /** Present when the proposed graph did not compose: then `changes` is empty and the check fails. */
  readonly compositionErrors?: readonly ReportCompositionError[];
  readonly lintFindings?: readonly ReportLintFinding[];
  /** Registered operations of active client versions the proposal breaks (registry checks with registered operations). */
  readonly brokenOperations?: readonly ReportBrokenOperation[];
  /** Which stages ran and how they ended (see `checkStages`). */
  readonly stages?: CheckStages;
  /** Why the check failed; empty when it passed. */
  readonly failedBecause?: readonly FailureReason[];
}

export interface CheckReportInput {
  readonly changes: readonly ReportedChange[];
  readonly failOn?: FailOn;
  readonly old?: ReportSource;
  readonly new?: ReportSource;
  readonly checkId?: string;
  readonly compositionErrors?: readonly ReportCompositionError[];
  readonly lintFindings?: readonly ReportLintFinding[];
  readonly brokenOperations?: readonly ReportBrokenOperation[];
}

export function createCheckReport(input: CheckReportInput): CheckReport {
  const failOn = input.failOn ?? 'breaking';
  const counts: Record<Severity, number> = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of input.changes) counts[change.severity] += 1;
  const failedChanges = input.changes.some((change) => changeFails(change, failOn));
  const failedLint = (input.lintFindings ?? []).some((finding) => finding.severity === 'error');
  const failedComposition = (input.compositionErrors ?? []).length > 0;
  const brokeOperations = (input.brokenOperations ?? []).length > 0;
  return {
    reportVersion: 1,
    passed: !failedChanges && !failedLint && !failedComposition && !brokeOperations,
    failOn,
    counts,
    changes: input.changes,
    ...(input.old ? { old: input.old } : {}),
    ...(input.new ? { new: input.new } : {}),
    ...(input.checkId === undefined ? {} : { checkId: input.checkId }),
    ...(input.compositionErrors ? { compositionErrors: input.compositionErrors } : {}),
    ...(input.lintFindings ? { lintFindings: input.lintFindings } : {}),
    ...(input.brokenOperations ? { brokenOperations: input.brokenOperations } : {}),
    ...checkStages({ ...input, failOn }),
  };
}

/** How a stage of a check ended; `not-run` when an earlier stage stopped the check or it does not apply. */
export type StageOutcome = 'passed' | 'failed' | 'not-run';

export interface CheckStages {
  /** Composing the proposed graph (registry checks only; `not-run` for `schema diff`). */
  readonly composition: StageOutcome;
  /** The breaking / dangerous change diff; not run when composition failed. */
  readonly diff: StageOutcome;
  /** Schema lint rules; not run when composition failed, or for `schema diff`. */
  readonly lint: StageOutcome;
}

/**
 * What made a check fail: `composition`, `breaking`, `dangerous` (with `--fail-on dangerous`), `lint`, or
 * `operations` (it breaks registered operations of active client versions).
 */
export type FailureReason = 'composition' | 'breaking' | 'dangerous' | 'lint' | 'operations';

/** The stages of a report and why it failed, derived from its fields (so stored reports of any age have them). */
export function checkStages(
  report: Pick<CheckReport, 'changes' | 'failOn' | 'compositionErrors' | 'lintFindings' | 'brokenOperations'>,
): { stages: CheckStages; failedBecause: FailureReason[] } {
  const composed = report.compositionErrors === undefined ? null : report.compositionErrors.length === 0;
  const failedBecause: FailureReason[] = [];
  if (composed === false) failedBecause.push('composition');
  const failing = report.changes.filter((c) => changeFails(c, report.failOn));
  if (failing.some((c) => c.severity === 'breaking')) failedBecause.push('breaking');
  if (failing.some((c) => c.severity === 'dangerous')) failedBecause.push('dangerous');
  const lintFailed = (report.lintFindings ?? []).some((finding) => finding.severity === 'error');
  if (lintFailed) failedBecause.push('lint');
  if ((report.brokenOperations?.length ?? 0) > 0) failedBecause.push('operations');
  const diffFailed = failedBecause.includes('breaking') || failedBecause.includes('dangerous');
  return {
    stages: {
      composition: composed === null ? 'not-run' : composed ? 'passed' : 'failed',
      diff: composed === false ? 'not-run' : diffFailed ? 'failed' : 'passed',
      lint:
        composed === false || report.lintFindings === undefined
          ? 'not-run'
          : lintFailed
            ? 'failed'
            : 'passed',
    },
    failedBecause,
  };
}

/**
 * Whether a reported change fails a check run with `failOn`: its severity does, and usage did not find it unused
 * or below the thresholds.
 */
export function changeFails(change: Pick<ReportedChange, 'severity' | 'usage'>, failOn: FailOn): boolean {
  if (!failsCheck(change.severity, failOn)) return false;
  const outcome = change.usage?.outcome;
  return outcome !== 'unused' && outcome !== 'below-threshold';
}

/** Whether a change of this severity fails a check run with `failOn`. */
export function failsCheck(severity: Severity, failOn: FailOn): boolean {
  return severity === 'breaking' || (severity === 'dangerous' && failOn === 'dangerous');
}
