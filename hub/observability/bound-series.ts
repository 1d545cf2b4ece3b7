/**
 * Counters and histograms for the hub's hot path (every request, every subgraph fetch), with series bound once
 * to their label values: `inc()` and `observe()` are an addition and a bucket search, nothing else. prom-client's
 * own `labels(...)` children hash and validate their labels again on every call, which is most of what a
 * metric costs per request; its registry still serves every other metric, and these are appended to its
 * exposition in the same text format (Prometheus 0.0.4).
 */

export interface CounterSeries {
  inc(by?: number): void;
}

export interface HistogramSeries {
  observe(value: number): void;
}

type Labels<Name extends string> = Readonly<Record<Name, string>>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(names: readonly string[], values: readonly string[], extra = ''): string {
  const parts = names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function number(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

interface Series {
  readonly values: readonly string[];
}

abstract class BoundMetric<Name extends string, S extends Series> {
  readonly #series = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly Name[],
  ) {}

  protected abstract create(values: readonly string[]): S;
  protected abstract lines(series: S, labels: (extra?: string) => string): string[];
  protected abstract readonly type: 'counter' | 'histogram';

  /** The series of these label values, created on first use. Keep it: calls on it cost no lookup. */
  bind(labels: Labels<Name>): S {
    const values = this.labelNames.map((name) => labels[name]);
    const key = values.join('\u0000');
    let series = this.#series.get(key);
    if (series === undefined) {
      series = this.create(values);
      this.#series.set(key, series);
    }
    return series;
  }

  exposition(): string {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const series of this.#series.values()) {
      out.push(...this.lines(series, (extra) => labelText(this.labelNames, series.values, extra)));
    }
    return out.join('\n');
  }
}

class Count implements CounterSeries, Series {
  value = 0;

  constructor(readonly values: readonly string[]) {}

  inc(by = 1): void {
    this.value += by;
  }
}

export class BoundCounter<Name extends string = never> extends BoundMetric<Name, Count> {
  protected readonly type = 'counter';

  protected create(values: readonly string[]): Count {
    return new Count(values);
  }

  protected lines(series: Count, labels: () => string): string[] {
    return [`${this.name}${labels()} ${number(series.value)}`];
  }
}

class Distribution implements HistogramSeries, Series {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly values: readonly string[],
    private readonly buckets: readonly number[],
  ) {
    this.counts = new Float64Array(buckets.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    const buckets = this.buckets;
    for (let index = 0; index < buckets.length; index++) {
      if (value <= (buckets[index] ?? Infinity)) {
        this.counts[index] = (this.counts[index] ?? 0) + 1;
        return;
      }
    }
  }
}

export class BoundHistogram<Name extends string = never> extends BoundMetric<Name, Distribution> {
  protected readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    labelNames: readonly Name[],
    private readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
  }

  protected create(values: readonly string[]): Distribution {
    return new Distribution(values, this.buckets);
  }

  protected lines(series: Distribution, labels: (extra?: string) => string): string[] {
    const out: string[] = [];
    let cumulative = 0;
    this.buckets.forEach((bound, index) => {
      cumulative += series.counts[index] ?? 0;
      out.push(`${this.name}_bucket${labels(`le="${number(bound)}"`)} ${cumulative}`);
    });
    out.push(`${this.name}_bucket${labels('le="+Inf"')} ${series.count}`);
    out.push(`${this.name}_sum${labels()} ${number(series.sum)}`);
    out.push(`${this.name}_count${labels()} ${series.count}`);
    return out;
  }
}
