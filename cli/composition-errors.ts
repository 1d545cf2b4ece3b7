import type { CompositionError } from './client/index.js';
import { PLAIN_STYLE, type OutputStyle } from './output-style.js';

/** Composition errors, one block each, with the subgraph and line:column they point at. */
export function formatCompositionErrors(
  errors: readonly CompositionError[],
  style: OutputStyle = PLAIN_STYLE,
): string {
  const lines = [`Composition failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:`];
  for (const error of errors) {
    lines.push(
      '',
      `  ${style.marks ? style.failed(`[${error.code}]`) : `- [${error.code}]`} ${error.message}`,
    );
    for (const location of error.locations) {
      const where = location.subgraph ?? '(supergraph)';
      lines.push(`      at ${where}:${location.line}:${location.column}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
