import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await c.connect();
await c.query('DROP DATABASE IF EXISTS atrium_bench_usage WITH (FORCE)');
await c.query('CREATE DATABASE atrium_bench_usage');
await c.end();
