/**
 * What the response says about a request, for usage: its outcome (ok, errors, or refused and by which policy),
 * the coordinates field authorization filtered or denied (from its catalogue errors: UNAUTHORIZED_FIELD_OR_TYPE
 * carries `coordinate`, FORBIDDEN_OPERATION `coordinates`), and the actual cost when `cost` exposes it. Pure.
 */
import type { Outcome } from './usage-aggregator.js';

interface ErrorLike {
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface ResponseFacts {
  readonly errors: readonly ErrorLike[] | undefined;
  readonly hasData: boolean;
  readonly status: number;
  /** The policy that refused the request (the REFUSAL slot), if one did. */
  readonly refusedBy: string | undefined;
}

export function requestOutcome({ errors, hasData, status, refusedBy }: ResponseFacts): Outcome {
  if (refusedBy !== undefined) return { kind: 'refused', policy: refusedBy };
  if (errors === undefined || errors.length === 0) return { kind: 'ok' };
  // Refused before execution by the hub itself (no policy marked it): no data and a client error status.
  if (!hasData && status >= 400) return { kind: 'refused', policy: 'hub' };
  return { kind: 'errors' };
}

export function deniedCoordinates(errors: readonly ErrorLike[] | undefined): string[] {
  if (errors === undefined || errors.length === 0) return [];
  const denied = new Set<string>();
  for (const error of errors) {
    const extensions = error.extensions;
    if (extensions === undefined) continue;
    if (extensions['code'] === 'UNAUTHORIZED_FIELD_OR_TYPE' && typeof extensions['coordinate'] === 'string') {
      denied.add(extensions['coordinate']);
    } else if (extensions['code'] === 'FORBIDDEN_OPERATION' && Array.isArray(extensions['coordinates'])) {
      for (const coordinate of extensions['coordinates']) {
        if (typeof coordinate === 'string') denied.add(coordinate);
      }
    }
  }
  return [...denied];
}

/** `extensions.cost.actual` of the result, else the `x-atrium-cost-actual` header; 0 when neither says. */
export function actualCost(
  extensions: Readonly<Record<string, unknown>> | undefined,
  header: string | undefined,
): number {
  const cost = extensions?.['cost'];
  if (typeof cost === 'object' && cost !== null) {
    const actual = (cost as Record<string, unknown>)['actual'];
    if (typeof actual === 'number' && Number.isFinite(actual)) return actual;
  }
  const parsed = header === undefined ? NaN : Number(header);
  return Number.isFinite(parsed) ? parsed : 0;
}
