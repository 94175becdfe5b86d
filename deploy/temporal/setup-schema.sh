#!/bin/sh
# One-shot, run by the temporal-schema-setup service of docker-compose.yml (temporalio/admin-tools).
#
# Creates Temporal's databases (temporal, temporal_visibility) if missing and brings their schemas
# to the version this admin-tools image ships: on a fresh volume that is a full setup, after an
# image upgrade it applies the new versioned scripts, otherwise it changes nothing. Then creates
# Longhaul's database (longhaul), empty: the worker migrates it when it starts.
#
# Environment: POSTGRES_SEEDS (host), DB_PORT, POSTGRES_USER, SQL_PASSWORD (read by temporal-sql-tool).
set -eu

host="${POSTGRES_SEEDS:?POSTGRES_SEEDS is not set}"
port="${DB_PORT:-5432}"
user="${POSTGRES_USER:?POSTGRES_USER is not set}"
: "${SQL_PASSWORD:?SQL_PASSWORD is not set}"
schemas="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
longhaul_db="${LONGHAUL_DB:-longhaul}"

sql_tool() {
  db="$1"
  shift
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$user" --db "$db" "$@"
}

# database name, then the directory of its versioned schema scripts
setup() {
  echo "setup-schema: database $1"
  sql_tool "$1" create
  sql_tool "$1" setup-schema -v 0.0
  sql_tool "$1" update-schema -d "$2"
}

setup temporal "$schemas/temporal/versioned"
setup temporal_visibility "$schemas/visibility/versioned"

echo "setup-schema: database $longhaul_db"
sql_tool "$longhaul_db" create

echo "setup-schema: done"
