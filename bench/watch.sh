#!/usr/bin/env bash
# Times ./lab watch from a save to the verdict on screen: step N (default 1) with the reference solution in place,
# SAVES saves (default 5), each a comment appended to a source. Prints each time and the median; asserts nothing.
# Runs on a scratch copy of the steps, so your own code is never touched. LAB_WATCH_JAVA_OPTS: extra JVM options for
# the watching JVM, e.g. -Dlab.watch.parallel=4 (checks at once for steps 01-02; default 2).
#   bench/watch.sh [STEP] [SAVES]
set -euo pipefail
cd "$(dirname "$0")/.."
step=$(printf '%02d' "${1:-1}")
saves=${2:-5}
./lab status >/dev/null   # builds the lab if it must
. tools/find-jdk.sh
lab_find_jdk >/dev/null
folder=$(basename "$(ls -d solutions/"$step"-*)")
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
cp -r solutions steps lab.adoc "$tmp"/
mkdir -p "$tmp/tools/target" && cp tools/target/lab-built "$tmp/tools/target/"
cp solutions/"$folder"/src/main/java/lab/*.java "$tmp/steps/$folder/src/main/java/lab/"
file=$(ls "$tmp/steps/$folder/src/main/java/lab/"*.java | grep -v -e Main.java -e Wait.java | head -1)
"$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED -XX:+DisableAttachMechanism \
  -cp "tools/target/classes:$(cat tools/target/classpath.txt)" ${LAB_WATCH_JAVA_OPTS:-} lab.tools.Lab --root "$tmp" watch "$step" \
  </dev/null >"$tmp/out.txt" 2>&1 &
pid=$!
verdicts() { if [ -f "$tmp/out.txt" ]; then grep -c '^watch: verdict' "$tmp/out.txt" || true; else echo 0; fi; }
await() { # waits until there are $1 verdicts, at most 120 s
  local until=$((SECONDS + 120))
  while [ "$(verdicts)" -lt "$1" ]; do
    [ $SECONDS -lt $until ] || { echo "watch: no verdict within 120 s; its output:"; cat "$tmp/out.txt"; exit 1; }
    sleep 0.01
  done
}
await 1
echo "watch: first verdict (cold: JVM, compiler and verifier starting) seen; $(grep -o 'PASSED[^.]*\|FAILED[^.]*' "$tmp/out.txt" | head -1)"
times=()
for i in $(seq "$saves"); do
  sleep 1
  start=$(date +%s%N)
  echo "// save $i" >> "$file"
  await $((i + 1))
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  times+=("$ms")
  echo "save $i of $saves: verdict after $ms ms ($(grep -o 'PASSED[^.(]*\|FAILED[^.(]*' "$tmp/out.txt" | tail -1 | sed 's/ *$//')); watch said: $(grep '^watch: verdict' "$tmp/out.txt" | tail -1 | sed 's/, at .*//')"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "watch, step $step: save to verdict, median ${sorted[$(( ${#sorted[@]} / 2 ))]} ms (min ${sorted[0]}, max ${sorted[-1]}, $saves saves)"
