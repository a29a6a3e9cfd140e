#!/bin/bash
# Runs once, when the postgres service initialises its empty data volume (the image runs every
# script in /docker-entrypoint-initdb.d). Creates the ETL's login role and its database:
#   dropscope_etl  LOGIN CREATEROLE, password from the compose secret etl_db_password
#                  (DROPSCOPE_ETL_DB_PASSWORD in .env); CREATEROLE lets the ETL's migrations create
#                  the read-only role dropscope_reader (docs/etl.md)
#   dropscope      owned by dropscope_etl
# To change the password later: ALTER ROLE dropscope_etl PASSWORD '...' (this script does not rerun).
set -euo pipefail

password_file=${DROPSCOPE_ETL_PASSWORD_FILE:?DROPSCOPE_ETL_PASSWORD_FILE names the secret file}
if [[ ! -s $password_file ]]; then
  echo "10-dropscope.sh: $password_file is empty: set DROPSCOPE_ETL_DB_PASSWORD in compose/.env" >&2
  exit 1
fi

# psql fills :'etl_password' in as a quoted literal: the password is never part of the SQL text.
psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v etl_password="$(<"$password_file")" <<'SQL'
CREATE ROLE dropscope_etl LOGIN CREATEROLE PASSWORD :'etl_password';
CREATE DATABASE dropscope OWNER dropscope_etl;
SQL
