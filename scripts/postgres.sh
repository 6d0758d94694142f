#!/usr/bin/env bash
# Print a PostgreSQL URL for the test run, starting a server if none answers.
#   1. 127.0.0.1:5432 answers (the machines' PostgreSQL, trust auth, user postgres): use it;
#   2. a Debian cluster is installed but stopped: start it with pg_ctlcluster;
#   3. initdb/pg_ctl exist: start a throwaway cluster under var/pg on port 54329.
# Prints nothing and exits 1 when none of these works; the caller says so loudly.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ready() { pg_isready -q -h 127.0.0.1 -p "$1" 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ready 5432; then echo "postgres://postgres@127.0.0.1:5432/motcua"; exit 0; fi

if command -v pg_lsclusters >/dev/null && [ "$(id -u)" -eq 0 ]; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
  if [ -n "$version" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>/dev/null || true
    for _ in $(seq 1 20); do ready 5432 && { echo "postgres://postgres@127.0.0.1:5432/motcua"; exit 0; }; sleep 0.5; done
  fi
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
initdb=$(command -v initdb || echo "$bindir/initdb")
pg_ctl=$(command -v pg_ctl || echo "$bindir/pg_ctl")
if [ -x "$initdb" ] && [ -x "$pg_ctl" ]; then
  data="$here/var/pg"
  run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: the throwaway cluster belongs to 'postgres'.
    id postgres >/dev/null 2>&1 || useradd --system postgres
    mkdir -p "$data" && chown postgres "$data"
    run_as=(runuser -u postgres --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    "${run_as[@]}" "$initdb" -D "$data" -U postgres --auth=trust -E UTF8 >&2 || exit 1
  fi
  "${run_as[@]}" "$pg_ctl" -D "$data" -o "-p 54329 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" \
    -l "$data/log" -w start >&2 || exit 1
  echo "postgres://postgres@127.0.0.1:54329/motcua"
  exit 0
fi
exit 1
