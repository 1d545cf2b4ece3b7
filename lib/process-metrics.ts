/**
 * Node's process metrics for a prom-client registry, read when Prometheus scrapes, with prom-client's default
 * names (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`, …) so the usual dashboards work.
 *
 * Not prom-client's `collectDefaultMetrics`: it also observes every garbage collection (a `gc`
 * PerformanceObserver), which costs ~10 % of the CPU of an allocation-heavy process like a gateway (measured in
 * bench/README.md, "Metrics"). The GC series are left out; everything here costs nothing between scrapes but the
 * event-loop delay histogram (sampled natively every 10 ms).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, type Registry } from 'prom-client';

export function registerProcessMetrics(registry: Registry): void {
  const registers = [registry];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // Counters set at scrape time: prom-client counters only go up, so each scrape adds what passed since (the
  // first one, what was used since the process started).
  let cpu = { user: 0, system: 0 };
  const user = new Counter({
    name: 'process_cpu_user_seconds_total',
    help: 'User CPU time spent in seconds.',
    registers,
  });
  const system = new Counter({
    name: 'process_cpu_system_seconds_total',
    help: 'System CPU time spent in seconds.',
    registers,
  });
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent in seconds.',
    registers,
    collect() {
      const now = process.cpuUsage();
      const userSeconds = (now.user - cpu.user) / 1e6;
      const systemSeconds = (now.system - cpu.system) / 1e6;
      cpu = now;
      user.inc(userSeconds);
      system.inc(systemSeconds);
      this.inc(userSeconds + systemSeconds);
    },
  });

  const started = Math.round(Date.now() / 1000 - process.uptime());
  new Gauge({
    name: 'process_start_time_seconds',
    help: 'Start time of the process since unix epoch in seconds.',
    registers,
    collect() {
      this.set(started);
    },
  });
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  const heap = (name: string, help: string, read: (usage: NodeJS.MemoryUsage) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(process.memoryUsage()));
      },
    });
  heap(
    'nodejs_heap_size_total_bytes',
    'Process heap size from Node.js in bytes.',
    (usage) => usage.heapTotal,
  );
  heap(
    'nodejs_heap_size_used_bytes',
    'Process heap size used from Node.js in bytes.',
    (usage) => usage.heapUsed,
  );
  heap('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', (usage) => usage.external);
  // Read once per scrape (by the first of these gauges, registered first and so collected first), then reset:
  // each scrape reports the delays since the previous one.
  let delays = { mean: 0, p50: 0, p99: 0, max: 0 };
  const lag = (name: string, help: string, read: () => number, snapshot = false) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (snapshot) {
          delays = {
            mean: loop.mean || 0,
            p50: loop.percentile(50),
            p99: loop.percentile(99),
            max: loop.max,
          };
          loop.reset();
        }
        this.set(read() / 1e9);
      },
    });
  lag(
    'nodejs_eventloop_lag_mean_seconds',
    'The mean of the event loop delays since the last scrape.',
    () => delays.mean,
    true,
  );
  lag(
    'nodejs_eventloop_lag_p50_seconds',
    'The median event loop delay since the last scrape.',
    () => delays.p50,
  );
  lag(
    'nodejs_eventloop_lag_p99_seconds',
    'The 99th percentile of the event loop delays since the last scrape.',
    () => delays.p99,
  );
  lag(
    'nodejs_eventloop_lag_max_seconds',
    'The longest event loop delay since the last scrape.',
    () => delays.max,
  );
  new Gauge({
    name: 'nodejs_active_resources_total',
    help: 'Number of active resources (handles, requests) keeping the event loop alive.',
    registers,
    collect() {
      this.set(process.getActiveResourcesInfo().length);
    },
  });
  new Gauge({
    name: 'nodejs_version_info',
    help: 'Node.js version info.',
    labelNames: ['version', 'major', 'minor', 'patch'],
    registers,
    collect() {
      const [major = '', minor = '', patch = ''] = process.versions.node.split('.');
      this.set({ version: process.version, major, minor, patch }, 1);
    },
  });
}
