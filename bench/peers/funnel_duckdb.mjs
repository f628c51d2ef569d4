// Loads the CSV tables into an in-memory DuckDB and times funnel_by_cohort.sql.
// Usage: node funnel_duckdb.mjs CSV_DIR RUNS OUT_CSV
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [dir, runs, out] = process.argv.slice(2);
const sql = readFileSync(new URL('./funnel_by_cohort.sql', import.meta.url), 'utf8')
  .replace(/MONTH\(([^)]*)\)/g, "strftime($1, '%Y-%m')");
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const db = await instance.connect();
let start = performance.now();
for (const table of ['stages', 'deals', 'passes']) {
  await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${dir}/${table}.csv', header = true)`);
}
console.log(`duckdb: loaded in ${((performance.now() - start) / 1000).toFixed(2)} s`);
const times = [];
let rows = [];
for (let i = 0; i < Number(runs); i++) {
  start = performance.now();
  const reader = await db.runAndReadAll(sql);
  rows = reader.getRows();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(`duckdb: funnel by cohort month, median of ${runs}: ${times[Math.floor(times.length / 2)].toFixed(1)} ms (min ${times[0].toFixed(1)} ms)`);
writeFileSync(out, rows.map((r) => `${r[0]},${r[1]},${r[2]}`).join('\n') + '\n');
