#!/usr/bin/env bash
# tools/devcontainer-setup-check.sh [--keep]: runs the devcontainer's setup on this machine, with no container
# engine, as a new container runs it: copies the lab's files as they are now (tracked and new, not ignored) into a
# scratch folder, runs .devcontainer/devcontainer.json's lifecycle commands there in the spec's order, each under a
# deadline, then checks what they must leave: the lab built, the book rendered and answering on its port, and
# step 01 checked as the VS Code task "Step 01: check" checks it. Needs python3 (to read the JSON) and a JDK 25.
# MAVEN_ARGS passes through (e.g. -o -Dmaven.repo.local=...). The book is served on a free port here (LAB_BOOK_PORT),
# not the container's, so that the check never meets a port in use. --keep leaves the scratch folder for a look.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
keep=false
case "${1:-}" in
  --keep) keep=true ;;
  "") ;;
  *) echo "devcontainer-setup-check: unknown argument '$1'; the only one is --keep" >&2; exit 2 ;;
esac
say() { echo "devcontainer-setup-check: $*"; }
fail() { say "FAILED: $*" >&2; exit 1; }
command -v python3 >/dev/null || fail "python3 is needed to read devcontainer.json"

work=$(mktemp -d "${TMPDIR:-/tmp}/lab-devcontainer-XXXXXX")
lab="$work/lab"
cleanup() {
  # the book server the postStartCommand started in the copy, and nothing else
  if [ -f "$lab/book/target/book-server.pid" ]; then kill "$(cat "$lab/book/target/book-server.pid")" 2>/dev/null || true; fi
  if $keep; then say "kept $lab"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# 1. the workspace: the lab's files as a clone of this working tree would hold them
mkdir -p "$lab"
git -C "$root" ls-files -z --cached --others --exclude-standard \
  | python3 -c 'import os,sys; sys.stdout.write("".join(p + "\0" for p in sys.stdin.read().split("\0") if p and os.path.lexists(p)))' \
  | (cd "$root" && tar --null -T - -cf -) | tar -C "$lab" -xf -
say "copied the lab into $lab ($(find "$lab" -type f | wc -l) files)"

# 2. the lifecycle commands, in the order a container runs them (containers.dev, "Lifecycle scripts")
commands=$(python3 - "$lab/.devcontainer/devcontainer.json" <<'EOF'
import json, shlex, sys
config = json.load(open(sys.argv[1], encoding="utf-8"))
for name in ("initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand"):
    command = config.get(name)
    if command is None:
        continue
    if isinstance(command, list):
        command = shlex.join(command)
    if not isinstance(command, str):
        sys.exit(f"{name}: only a command line or a list of words is supported here, not {type(command).__name__}")
    print(f"{name}\t{command}")
EOF
)
[ -n "$commands" ] || fail "devcontainer.json has no lifecycle command"
export LAB_BOOK_PORT
LAB_BOOK_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
while IFS=$'\t' read -r name command; do
  say "$name: $command"
  start=$SECONDS
  if ! (cd "$lab" && timeout 1800 bash -c "$command" < /dev/null); then
    fail "$name ($command) failed or passed its 30-minute deadline"
  fi
  say "$name: ok ($((SECONDS - start)) s)"
done <<< "$commands"

# 3. what the setup must have made
[ -f "$lab/tools/target/classpath.txt" ] || fail "the lab is not built (no tools/target/classpath.txt)"
[ -f "$lab/book/target/lab.html" ] || fail "the book is not rendered (no book/target/lab.html)"
title=$(sed -n '1s/^= //p' "$lab/lab.adoc")
page=$( (exec 3<>"/dev/tcp/127.0.0.1/$LAB_BOOK_PORT" && printf 'GET /lab.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && timeout 10 cat <&3) 2>/dev/null) \
  || fail "nothing answers on the book's port $LAB_BOOK_PORT"
[[ "$page" == HTTP/1.?" 200"* ]] || fail "the book's port answered: $(head -n 1 <<< "$page")"
grep -qF "<title>$title</title>" <<< "$page" || fail "the page on the book's port is not the book (no <title>$title</title>)"
say "the book answers on http://127.0.0.1:$LAB_BOOK_PORT/lab.html"

# 4. the Check task of step 01 on the untouched skeleton: it runs and fails the step, saying so
set +e
out=$(cd "$lab" && timeout 600 ./lab check 1 2>&1)
code=$?
set -e
[ "$code" = 1 ] && grep -q '^Step 01 (task queue): FAILED' <<< "$out" \
  || fail "./lab check 1 on the skeleton exited $code; its last lines:"$'\n'"$(tail -n 5 <<< "$out")"
say "./lab check 1 runs and fails the untouched skeleton, as it must"
say "PASSED: the devcontainer's setup works on this machine"
