#!/usr/bin/env bash
# How fast ./lab grade grades a class: makes N submissions from the reference solutions (most of them correct, some
# with a learner's mistake: a step not started, an endless loop, a compile error, a refused thread), grades every
# steps of each, and prints the figures. Asserts nothing.
#
#   bench/grade.sh [N] [JOBS]      (defaults: 100 submissions, 4 at a time)
#
# The class and the outputs go to a folder it names; the report is there to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
jobs=${2:-4}
work=$(mktemp -d "${TMPDIR:-/tmp}/lab-grade-bench-XXXXXX")
class=$work/class

spoil() { # spoil FILE FROM TO: a learner's mistake in one file
  python3 - "$1" "$2" "$3" <<'EOF'
import sys
p, a, b = sys.argv[1:]
s = open(p).read()
assert a in s, (p, a)
open(p, "w").write(s.replace(a, b, 1))
EOF
}

echo "grade bench: making $n submissions in $class"
for ((i = 1; i <= n; i++)); do
  learner=$(printf 'learner-%03d' "$i")
  for d in solutions/[0-9]*/; do
    mkdir -p "$class/$learner/steps/$(basename "$d")"
    cp -r "$d/src" "$class/$learner/steps/$(basename "$d")/"
  done
  s1=$class/$learner/steps/01-task-queue/src/main/java/lab/Scheduler.java
  s3=$class/$learner/steps/03-echo-server/src/main/java/lab/EchoServer.java
  case $((i % 10)) in
    3) rm -rf "$class/$learner/steps/05-generator-sockets" ;;                                   # step 5 not done
    5) spoil "$s1" 'while (!tasks.isEmpty()) {' 'while (true) { if (tasks.isEmpty()) continue;' ;; # an endless loop
    7) spoil "$s3" 'scheduler.spawn(handler.apply(client));' 'scheduler.spawn(handler.apply(client)) x;' ;; # a compile error
    9) spoil "$s1" 'tasks.addLast(task);' 'tasks.addLast(task); Thread.ofVirtual().start(() -> { });' ;; # a refused thread
  esac
done

echo "grade bench: ./lab grade, $jobs at a time, on $(nproc) cores"
start=$(date +%s)
./lab grade "$class" --out "$work/grades" --jobs "$jobs" | tail -5
end=$(date +%s)
echo
echo "grade bench: $n submissions x 5 steps in $((end - start)) s wall: $(awk -v n="$n" -v s="$((end - start))" 'BEGIN {printf "%.1f", n * 60 / s}') submissions per minute"
echo "grade bench: results in $work/grades (report.html, grades.csv)"
cut -d, -f7 "$work/grades/grades.csv" | sort | uniq -c | sed 's/^/  steps passed: /'
