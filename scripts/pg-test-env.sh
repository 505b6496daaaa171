# Sourced by `make test`: makes sure a local PostgreSQL runs with a role that
# may create databases, and exports ANZHI_TEST_DATABASE_URL so every database
# test also runs on PostgreSQL. A URL already set is kept.
if [ -z "${ANZHI_TEST_DATABASE_URL:-}" ] && command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    pg_createcluster 15 main >/dev/null
  fi
  ver=$(pg_lsclusters -h | awk 'NR==1{print $1}')
  pg_ctlcluster "$ver" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
  (cd / && runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname='anzhi_test'" | grep -q 1) ||
    (cd / && runuser -u postgres -- psql -qc "CREATE ROLE anzhi_test LOGIN PASSWORD 'anzhi_test' CREATEDB")
  (cd / && runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname='anzhi_test'" | grep -q 1) ||
    (cd / && runuser -u postgres -- psql -qc "CREATE DATABASE anzhi_test OWNER anzhi_test")
  export ANZHI_TEST_DATABASE_URL="postgres://anzhi_test:anzhi_test@127.0.0.1/anzhi_test"
fi
if [ -n "${ANZHI_TEST_DATABASE_URL:-}" ]; then
  echo "Database tests run on SQLite and on PostgreSQL (${ANZHI_TEST_DATABASE_URL%%@*}@…)"
else
  echo "ANZHI_TEST_DATABASE_URL is not set and PostgreSQL could not be started: database tests run on SQLite only"
fi
