/** Reading a Prometheus text exposition in tests: the value of one series, as a scraper would see it. */

/** The value of the first sample of `name` whose labels include `labels`; undefined when there is none. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const given = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) {
      given.set(pair[1] ?? '', pair[2] ?? '');
    }
    if (Object.entries(labels).every(([key, value]) => given.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}
