# Sourced by .ci/run and scripts/demo: start_postgres starts the local PostgreSQL if it is
# installed and not running, and (as root) creates the role $PGUSER; false if it cannot.
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-odoo} PGPASSWORD=${PGPASSWORD:-odoo}
start_postgres() {
    command -v pg_lsclusters >/dev/null || { echo "PostgreSQL is not installed"; return 1; }
    pg_isready -q -h "$PGHOST" || service postgresql start >/dev/null || return 1
    for _ in $(seq 20); do pg_isready -q -h "$PGHOST" && break; sleep 0.5; done
    local as_postgres="env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- psql -d postgres"
    if [ "$(id -u)" = 0 ] && ! $as_postgres -tAc \
            "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER'" | grep -q 1; then
        $as_postgres -qc "CREATE ROLE \"$PGUSER\" SUPERUSER LOGIN PASSWORD '$PGPASSWORD'"
    fi
    pg_isready -q -h "$PGHOST"
}
