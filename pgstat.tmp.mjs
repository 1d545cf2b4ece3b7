import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/atrium_bench_usage' });
await c.connect();
const r = await c.query("SELECT now() - query_start AS t, left(query, 80) AS q FROM pg_stat_activity WHERE datname = 'atrium_bench_usage' AND state <> 'idle' AND pid <> pg_backend_pid()");
console.log(r.rows);
const n = await c.query("SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname LIKE 'usage_%' ORDER BY relname");
console.log(n.rows.map(x => `${x.relname}=${x.n_live_tup}`).join(' '));
await c.end();
