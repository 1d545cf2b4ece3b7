/** The one line `request-logging` writes per request, built from plain values (no Apollo, no Node). */

export interface RequestLogInput {
  requestId: string;
  clientName: string | undefined;
  clientVersion: string | undefined;
  operationName: string | null | undefined;
  operationType: string | undefined;
  durationNs: bigint;
  status: number;
  errors: readonly { readonly extensions?: Readonly<Record<string, unknown>> }[] | undefined;
}

export interface RequestLogRecord {
  requestId: string;
  clientName: string | null;
  clientVersion: string | null;
  operationName: string | null;
  operationType: string | null;
  durationMs: number;
  status: number;
  errorCount: number;
  errorCodes?: string[];
}

export function buildRequestLogRecord(input: RequestLogInput): RequestLogRecord {
  const record: RequestLogRecord = {
    requestId: input.requestId,
    clientName: input.clientName ?? null,
    clientVersion: input.clientVersion ?? null,
    operationName: input.operationName ?? null,
    operationType: input.operationType ?? null,
    // Microsecond precision is plenty and keeps the line short.
    durationMs: Math.round(Number(input.durationNs) / 1_000) / 1_000,
    status: input.status,
    errorCount: input.errors?.length ?? 0,
  };
  if (input.errors !== undefined && input.errors.length > 0) {
    record.errorCodes = distinctCodes(input.errors);
  }
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
