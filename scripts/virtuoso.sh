#!/usr/bin/env bash
# A scratch OpenLink Virtuoso for tests and trials, never the system service.
#
#   scripts/virtuoso.sh install          apt-get install Debian's virtuoso-opensource-7-bin when
#                                        virtuoso-t is absent (needs root; no service, no debconf)
#   scripts/virtuoso.sh start DIR [PW]   write DIR/virtuoso.ini, start virtuoso-t on free ports of
#                                        127.0.0.1, set the dba password (default: dba);
#                                        prints `http://127.0.0.1:PORT` on stdout
#   scripts/virtuoso.sh stop DIR         stop that server (its pid is in DIR/virtuoso.pid)
#
# VIRTUOSO_MAX_ROWS sets [SPARQL] ResultSetMaxRows (100000): the most rows a result may have.
#
# Only the program package is installed: the `virtuoso-opensource` meta package adds a debconf
# password question and a system service that starts on ports 1111/8890 at install time.
set -euo pipefail

BIN_PACKAGE=virtuoso-opensource-7-bin

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

install() {
    command -v virtuoso-t >/dev/null && return 0
    [ "$(id -u)" = 0 ] || die "virtuoso-t missing and not root: apt-get install $BIN_PACKAGE"
    command -v apt-get >/dev/null || die "virtuoso-t missing and no apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "$BIN_PACKAGE" >/dev/null
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

isql() {  # isql PORT PASSWORD SQL: fails when the statement does (isql-vt itself exits 0)
    local port=$1 password=$2 output
    output=$(isql-vt "127.0.0.1:$port" dba "$password" VERBOSE=OFF BANNER=OFF PROMPT=OFF \
        ERRORS=STDOUT exec="$3" 2>&1) || true
    case $output in *"*** Error"*) echo "$output" >&2; return 1 ;; esac
}

start() {
    local dir=$1 password=${2:-dba}
    command -v virtuoso-t >/dev/null || die "virtuoso-t not installed: run $0 install"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local sql http
    sql=$(free_port)
    http=$(free_port)
    # A minimal database: everything in DIR, listening on loopback only, SPARQL on /sparql.
    cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql
DirsAllowed = $dir
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = $dir
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = ${VIRTUOSO_MAX_ROWS:-100000}
MaxQueryExecutionTime = 60
EOF
    # exec: the pid recorded is virtuoso-t's own, and no shell keeps our caller's pipes open
    (cd "$dir" && exec virtuoso-t -c "$dir/virtuoso.ini" +foreground) \
        </dev/null >"$dir/stdout.log" 2>&1 &
    echo $! >"$dir/virtuoso.pid"
    local i
    for i in $(seq 1 150); do
        isql "$sql" dba "SELECT 1;" >/dev/null 2>&1 && break
        kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null || die "virtuoso-t exited: $(tail -5 "$dir/virtuoso.log")"
        sleep 0.2
    done
    [ "$i" -lt 150 ] || die "virtuoso-t did not answer on port $sql"
    # dba may write through the graph store (/sparql-graph-crud-auth, HTTP Digest) as it is;
    # another user needs: GRANT SPARQL_UPDATE TO "USER";
    isql "$sql" dba "USER_SET_PASSWORD ('dba', '$password');"
    echo "$sql" >"$dir/sql.port"
    echo "$http" >"$dir/http.port"
    echo "http://127.0.0.1:$http"
}

stop() {
    local dir=$1 pid
    [ -f "$dir/virtuoso.pid" ] || return 0
    pid=$(cat "$dir/virtuoso.pid")
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$dir/virtuoso.pid"; return 0; }
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/virtuoso.pid"
}

case ${1:-} in
    install) install ;;
    start) [ $# -ge 2 ] || die "usage: $0 start DIR [PASSWORD]"; start "$2" "${3:-dba}" ;;
    stop) [ $# -ge 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
    *) die "usage: $0 install | start DIR [PASSWORD] | stop DIR" ;;
esac
