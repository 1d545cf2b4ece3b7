/** The one line `request-logging` writes per request, built from plain values (no Apollo, no Node). */

export interface RequestLogInput {
  requestId: string;
  traceId: string | undefined;
  clientName: string | null | undefined;
  clientVersion: string | null | undefined;
  operationName: string | null | undefined;
  operationType: string | undefined;
  operationHash: string | undefined;
  durationNs: bigint;
  status: number;
  errors: readonly { readonly extensions?: Readonly<Record<string, unknown>> }[] | undefined;
  refusedBy: { readonly policy: string; readonly code: string | undefined } | undefined;
}

export interface RequestLogRecord {
  requestId: string;
  traceId?: string;
  clientName: string | null;
  clientVersion: string | null;
  operationName: string | null;
  operationType: string | null;
  operationHash: string | null;
  durationMs: number;
  status: number;
  errorCount: number;
  errorCodes?: string[];
  refusedBy?: string;
}

/** Longer client-given names are cut (a log line stays a line). */
const MAX_NAME_LENGTH = 256;

function bounded(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text.length > MAX_NAME_LENGTH ? text.slice(0, MAX_NAME_LENGTH) : text;
}

export function buildRequestLogRecord(input: RequestLogInput): RequestLogRecord {
  const record: RequestLogRecord = {
    requestId: input.requestId,
    ...(input.traceId !== undefined && { traceId: input.traceId }),
    clientName: bounded(input.clientName),
    clientVersion: bounded(input.clientVersion),
    operationName: bounded(input.operationName),
    operationType: input.operationType ?? null,
    operationHash: input.operationHash ?? null,
    // Microsecond precision is plenty and keeps the line short.
    durationMs: Math.round(Number(input.durationNs) / 1_000) / 1_000,
    status: input.status,
    errorCount: input.errors?.length ?? 0,
  };
  if (input.errors !== undefined && input.errors.length > 0) {
    record.errorCodes = distinctCodes(input.errors);
  }
  if (input.refusedBy !== undefined) record.refusedBy = input.refusedBy.policy;
  return record;
}

function distinctCodes(errors: NonNullable<RequestLogInput['errors']>): string[] {
  const codes = new Set<string>();
  for (const error of errors) {
    const code = error.extensions?.['code'];
    codes.add(typeof code === 'string' ? code : 'UNKNOWN');
  }
  return [...codes];
}
