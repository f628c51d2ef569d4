#!/bin/bash
# The funnel-by-cohort question asked of PostgreSQL 15 and DuckDB on the tables
# `analytics_bench --export-csv DIR` wrote, timed, and their answers compared with Chronicle's
# (DIR/chronicle.csv). Run as root on the bench machine; installs what it needs:
#   bench/peers/funnel_peers.sh DIR [RUNS]
set -euo pipefail
dir=$(realpath "$1")
runs=${2:-5}
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

command -v node >/dev/null || apt-get install -y -q nodejs npm >/dev/null
[ -x /usr/lib/postgresql/15/bin/postgres ] || apt-get install -y -q postgresql-15 >/dev/null
modules="${PEERS_NODE_MODULES:-$HOME/.cache/chronicle-peers}"
if [ ! -d "$modules/node_modules/@duckdb/node-api" ]; then
  npm install --silent --prefix "$modules" @duckdb/node-api@1.5.6-r.1 >/dev/null
fi

sort -t, -k1,1 -k2,2n "$dir/chronicle.csv" > "$work/chronicle.csv"

# PostgreSQL: a throwaway cluster, memory enough for the hash joins, both cores.
install -d -o postgres "$work/pg"
chmod a+rx "$work" && chmod -R a+r "$dir"
pg() { su postgres -s /bin/sh -c "$*"; }
pg "/usr/lib/postgresql/15/bin/initdb -D $work/pg" >/dev/null 2>&1
pg "/usr/lib/postgresql/15/bin/pg_ctl -D $work/pg -l $work/pg/log -w start -o \
  '-p 55432 -k $work/pg -c listen_addresses= -c shared_buffers=2GB -c work_mem=512MB \
   -c max_parallel_workers_per_gather=2'" >/dev/null
psql_run() { pg "psql -X -q -h $work/pg -p 55432 -d postgres $*"; }
start=$(date +%s.%N)
cat > "$work/load.sql" <<SQL
CREATE TABLE stages (pipeline text, stage text, step int, kind text);
CREATE TABLE deals (deal text, pipeline text, created_local timestamp, state text);
CREATE TABLE passes (deal text, stage text, entered_at bigint);
\\copy stages FROM '$dir/stages.csv' CSV HEADER
\\copy deals FROM '$dir/deals.csv' CSV HEADER
\\copy passes FROM '$dir/passes.csv' CSV HEADER
ANALYZE;
SQL
psql_run -f "$work/load.sql"
echo "postgresql: loaded in $(awk "BEGIN {printf \"%.2f\", $(date +%s.%N) - $start}") s"
sed "s/MONTH(\([^)]*\))/to_char(\1, 'YYYY-MM')/" "$here/funnel_by_cohort.sql" > "$work/pg.sql"
psql_run -A -F, -t -f "$work/pg.sql" | grep -v '^$' > "$work/postgresql.csv"  # also warms up
{ echo '\timing on'; cat "$work/pg.sql"; } > "$work/pg-timed.sql"
for i in $(seq "$runs"); do psql_run -A -t -f "$work/pg-timed.sql" | grep '^Time:'; done |
  awk '{print $2}' | sort -n |
  awk '{a[NR]=$1} END {printf "postgresql: funnel by cohort month, median of %d: %.1f ms (min %.1f ms)\n", NR, a[int((NR+1)/2)], a[1]}'

# DuckDB, in process through its Node.js binding (the script resolves the package from $modules).
cp "$here/funnel_duckdb.mjs" "$here/funnel_by_cohort.sql" "$modules/"
node "$modules/funnel_duckdb.mjs" "$dir" "$runs" "$work/duckdb.csv"

for engine in postgresql duckdb; do
  if diff -q "$work/chronicle.csv" <(sort -t, -k1,1 -k2,2n "$work/$engine.csv") >/dev/null; then
    echo "$engine: same answer as Chronicle ($(wc -l < "$work/chronicle.csv") cohort x step cells)"
  else
    echo "$engine: ANSWER DIFFERS from Chronicle's:"
    diff "$work/chronicle.csv" <(sort -t, -k1,1 -k2,2n "$work/$engine.csv") | head -10
  fi
done
