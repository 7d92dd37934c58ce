# Start and stop the services the scale-mode tests use, on loopback, stopped by PID.
# Sourced by bin/test. Each start_* sets an environment variable the suite reads.

SERVICE_PIDS=()

stop_services() {
  local pid
  for pid in "${SERVICE_PIDS[@]}"; do
    kill -INT "$pid" 2>/dev/null || true
  done
  for pid in "${SERVICE_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  SERVICE_PIDS=()
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  apt_install postgresql
  local bindir port dir
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  port=$(free_port)
  dir=$(mktemp -d /tmp/broadsheet-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  run_as_postgres "$bindir/initdb" -D "$dir/data" -A trust -U broadsheet -E UTF8 >/dev/null
  run_as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  SERVICE_PIDS+=("$(head -n 1 "$dir/data/postmaster.pid")")
  export DATABASE_URL="postgres://broadsheet@127.0.0.1:$port/postgres"
  echo "PostgreSQL on 127.0.0.1:$port (pid ${SERVICE_PIDS[-1]})"
}

start_redis() {
  apt_install redis-server
  local port dir
  port=$(free_port)
  dir=$(mktemp -d /tmp/broadsheet-redis.XXXXXX)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/log"
  for _ in $(seq 1 50); do [ -s "$dir/redis.pid" ] && break; sleep 0.1; done
  SERVICE_PIDS+=("$(cat "$dir/redis.pid")")
  export REDIS_URL="redis://127.0.0.1:$port/0"
  echo "Redis on 127.0.0.1:$port (pid ${SERVICE_PIDS[-1]})"
}
