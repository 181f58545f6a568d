#!/bin/sh
# Runs once, on the first start of an empty data volume (docker-entrypoint-initdb.d): one database
# per Vigil service, named in VIGIL_DATABASES and owned by POSTGRES_USER. Each service owns its
# database and no service reads another's tables (docs/deploy.md).
set -eu
for db in ${VIGIL_DATABASES:-}; do
  echo "vigil: creating database $db"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE \"$db\" OWNER \"$POSTGRES_USER\""
done
