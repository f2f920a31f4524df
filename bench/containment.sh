#!/usr/bin/env bash
# What the checker's containment costs: the wall time of a check of each step's reference solution, with the
# checker of a given commit (default: the last one before the hardening) and with this tree's, interleaved,
# median of REPS runs each; and a cold "./lab check N" as a learner types it. Prints figures; asserts nothing.
#
#   bench/containment.sh [BEFORE_COMMIT] [REPS]
#
# It builds both checkers in throwaway copies (git worktree, mvn package: nothing is installed) and checks the
# solutions copied into each copy's steps/. Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/find-jdk.sh
lab_find_jdk >/dev/null
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
before=${1:-a7fef38}
reps=${2:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/lab-containment-XXXXXX")
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; git worktree remove --force "$work/after" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

prepare() { # a worktree at $2 named $1, built, with the solutions as its steps
  git worktree add -q --detach "$work/$1" "$2"
  (cd "$work/$1" && ./mvnw -q -B -o package -DskipTests -pl tools -am >/dev/null)
  for d in "$work/$1"/solutions/[0-9]*/; do
    rm -rf "$work/$1/steps/$(basename "$d")/src"
    cp -r "$d/src" "$work/$1/steps/$(basename "$d")/src"
  done
}

check_seconds() { # the wall time of the checker of worktree $1 on step $2, in seconds
  local root=$work/$1 start end
  start=$(date +%s.%N)
  "$JAVA_HOME/bin/java" --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED \
    -cp "$root/tools/target/classes:$(cat "$root/tools/target/classpath.txt")" lab.tools.Lab --root "$root" check "$2" >/dev/null \
    || { echo "the $1 checker failed the solution of step $2" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f\n", b - a}'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "containment: building the checker of $before and of this tree (HEAD plus what is not committed)..."
prepare before "$before"
prepare after HEAD
# what is not committed yet belongs to "after" too
git diff HEAD | (cd "$work/after" && git apply --allow-empty) && (cd "$work/after" && ./mvnw -q -B -o package -DskipTests -pl tools -am >/dev/null)
for d in "$work/after"/solutions/[0-9]*/; do rm -rf "$work/after/steps/$(basename "$d")/src"; cp -r "$d/src" "$work/after/steps/$(basename "$d")/src"; done

echo
echo "a check of each step's reference solution, wall time in seconds, median of $reps (runs interleaved)"
printf '  %-6s %10s %10s %8s\n' step before after ratio
for step in 1 2 3 4 5; do
  b=(); a=()
  for ((r = 0; r < reps; r++)); do
    b+=("$(check_seconds before $step)")
    a+=("$(check_seconds after $step)")
  done
  mb=$(printf '%s\n' "${b[@]}" | median); ma=$(printf '%s\n' "${a[@]}" | median)
  printf '  %-6s %10.1f %10.1f %8.2f\n' "0$step" "$mb" "$ma" "$(awk -v a="$ma" -v b="$mb" 'BEGIN {print a / b}')"
done

echo
echo "a cold ./lab check N as a learner types it (the tool's JVM, the compile, every check), this tree"
(cd "$work/after" && ./lab build >/dev/null 2>&1)
for step in 1 3 5; do
  start=$(date +%s.%N)
  (cd "$work/after" && ./lab check "$step" >/dev/null)
  end=$(date +%s.%N)
  printf '  ./lab check %d: %.1f s\n' "$step" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')"
done
if unshare --user --map-current-user --pid --fork --mount-proc true 2>/dev/null; then
  echo "  (learner JVMs here run in a PID namespace of their own)"
else
  echo "  (no PID namespace here: learner JVMs run in a session of their own)"
fi
