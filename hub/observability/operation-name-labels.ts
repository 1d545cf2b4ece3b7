/**
 * The `operation_name` label of the request metrics, bounded: an operation name is a label value only when the
 * hub knows it in advance, from the registered operations of its variant (persisted operations) or from
 * `metrics.operationNames` in its configuration. Any other name (whatever a client sends) is `other`, a request
 * without a name `anonymous`. So a client cannot create a time series per request.
 */
export const OTHER_OPERATION = 'other';
export const ANONYMOUS_OPERATION = 'anonymous';

export class OperationNameLabels {
  #registered: ReadonlySet<string> = new Set();

  constructor(private readonly configured: ReadonlySet<string>) {}

  /** Replaces the registered names (called with each new set of persisted operations). */
  setRegistered(names: Iterable<string>): void {
    this.#registered = new Set(names);
  }

  labelOf(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return ANONYMOUS_OPERATION;
    return this.configured.has(name) || this.#registered.has(name) ? name : OTHER_OPERATION;
  }
}
