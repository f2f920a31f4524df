#!/usr/bin/env bash
# tools/serve-book.sh PORT: serves the rendered book (book/target) on 127.0.0.1:PORT with the JDK's jwebserver, in
# the background, so the devcontainer's browser preview can open it (its "/" leads to lab.html). Does nothing if
# the book already answers there. LAB_BOOK_PORT, if set, replaces PORT (the setup check uses a free port).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${LAB_BOOK_PORT:-${1:-}}
if ! [[ "$port" =~ ^[0-9]{1,5}$ ]]; then
  echo "serve-book: give the port to serve the book on, e.g. tools/serve-book.sh 25080" >&2
  exit 2
fi
if [ ! -f book/target/lab.html ]; then
  echo "serve-book: book/target/lab.html is not there yet; run ./lab build, then this again" >&2
  exit 1
fi
. tools/find-jdk.sh
lab_find_jdk >/dev/null || exit 1

answers() { # true if an HTTP server answers on the port with the book
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    printf 'HEAD /lab.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 2 status <&3 || exit 1
    [[ "$status" == HTTP/1.?" 200"* ]]
  ) 2>/dev/null
}

if answers; then
  echo "serve-book: the book is already at http://127.0.0.1:$port/"
  exit 0
fi
# "/" lists the folder unless there is an index.html: send it to the book
[ -f book/target/index.html ] || printf '<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=lab.html"><title>The book</title><a href="lab.html">The book</a>\n' > book/target/index.html
nohup "$JAVA_HOME/bin/jwebserver" -b 127.0.0.1 -p "$port" -d "$PWD/book/target" -o info > book/target/book-server.log 2>&1 < /dev/null &
echo $! > book/target/book-server.pid
for _ in $(seq 50); do   # up to 10 s for the JVM to start listening
  if answers; then
    echo "serve-book: the book is at http://127.0.0.1:$port/ (process $(cat book/target/book-server.pid); log in book/target/book-server.log)"
    exit 0
  fi
  kill -0 "$(cat book/target/book-server.pid)" 2>/dev/null || break
  sleep 0.2
done
echo "serve-book: the book server did not answer on port $port; its log:" >&2
sed 's/^/  /' book/target/book-server.log >&2
kill "$(cat book/target/book-server.pid)" 2>/dev/null || true
exit 1
