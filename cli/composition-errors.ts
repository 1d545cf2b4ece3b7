import type { CompositionError } from './client/index.js';

/** Composition errors, one block each, with the subgraph and line:column they point at. */
export function formatCompositionErrors(errors: readonly CompositionError[]): string {
  const lines = [`Composition failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:`];
  for (const error of errors) {
    lines.push('', `  ✖ [${error.code}] ${error.message}`);
    for (const location of error.locations) {
      const where = location.subgraph ?? '(supergraph)';
      lines.push(`      at ${where}:${location.line}:${location.column}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
