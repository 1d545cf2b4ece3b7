// A generated subgraph for the dashboard's large-graph tests and timings.

export const LARGE_TYPES = 100;
export const LARGE_FIELDS_PER_TYPE = 50;

/** 100 types × 50 documented fields, all reachable from Query: 5,000 fields, about 1 MB of SDL. */
export function largeSubgraphSdl(): string {
  const filler =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.';
  const lines = [
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])',
    'type Query {',
  ];
  for (let t = 0; t < LARGE_TYPES; t += 1) lines.push(`  t${t}: T${t}`);
  lines.push('}');
  for (let t = 0; t < LARGE_TYPES; t += 1) {
    lines.push(`"""Type ${t}. ${filler}"""`, `type T${t} {`);
    for (let f = 0; f < LARGE_FIELDS_PER_TYPE; f += 1) {
      lines.push(`  """Field ${f} of type ${t}. ${filler} ${filler}"""`);
      lines.push(`  f${f}: String${f % 10 === 0 ? ' @deprecated(reason: "use the next one")' : ''}`);
    }
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}
