# Finds a PostgreSQL for the tests: the machine's at 127.0.0.1:5432 when it answers,
# else starts the machine's cluster, else leaves TEST_DATABASE_URL unset so the test
# setup starts the embedded one.
ensure_postgres() {
  local url=postgres://postgres@127.0.0.1:5432/postgres
  if pg_up "$url"; then
    echo "using the machine's PostgreSQL at 127.0.0.1:5432"
  elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting the machine's PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 20); do pg_up "$url" && break; sleep 1; done
  fi
  if pg_up "$url"; then
    export TEST_DATABASE_URL="$url"
  else
    echo "no PostgreSQL at 127.0.0.1:5432: the tests start the embedded one"
    unset TEST_DATABASE_URL DATABASE_URL
  fi
}

pg_up() {
  node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query('select 1')).then(()=>process.exit(0),()=>process.exit(1))" "$1" 2>/dev/null
}
