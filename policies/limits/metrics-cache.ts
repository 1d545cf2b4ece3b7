/**
 * Operation metrics remembered per parsed document and operation name. Apollo Server caches parsed documents by
 * query string, so every request for the same query hands over the same `DocumentNode`: it is measured once, and
 * each later request is a lookup. Entries live as long as their document does. Pure: no Node or Apollo.
 */
import type { DocumentNode } from 'graphql';
import { measureOperation, type OperationMetrics } from './operation-metrics.js';

type Measure = (document: DocumentNode, operationName?: string | null) => OperationMetrics | undefined;

export class OperationMetricsCache {
  readonly #byDocument = new WeakMap<DocumentNode, Map<string | null, OperationMetrics | undefined>>();

  constructor(private readonly measure: Measure = measureOperation) {}

  get(document: DocumentNode, operationName?: string | null): OperationMetrics | undefined {
    let byName = this.#byDocument.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.#byDocument.set(document, byName);
    }
    const key = operationName ?? null;
    if (byName.has(key)) return byName.get(key);
    const metrics = this.measure(document, key);
    byName.set(key, metrics);
    return metrics;
  }
}
