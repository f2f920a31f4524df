# Sourced by ./lab: whether the lab's own build is current, by checksums rather than timestamps, so that a class
# planted among the tool's classes, or a jar changed under it, makes ./lab rebuild from scratch.
# Run from the lab's root. Needs sha256sum (or shasum), find, sort, xargs.
. "$(dirname "${BASH_SOURCE[0]}")/say.sh"

if command -v sha256sum >/dev/null; then lab_sha="sha256sum"; else lab_sha="shasum -a 256"; fi
lab_classpath=tools/target/classpath.txt
lab_stamp=tools/target/lab-built   # what the last build was made from, and what it made

# a checksum of the lab's own sources (your steps/ are compiled by the check itself, so they are left out)
lab_sources_sum() {
  find pom.xml lab.adoc lab.de.adoc lab.fr.adoc generators solutions verify tools bench book -type f -not -path '*/target/*' \
       \( -name '*.java' -o -name 'pom.xml' -o -name '*.adoc' -o -name '*.sh' -o -name '*.svg' -o -name '*.html' -o -name '*.properties' \) -print0 2>/dev/null \
    | LC_ALL=C sort -z | xargs -0 $lab_sha | $lab_sha | cut -c1-64
}

# a checksum of what ./lab runs: the tool's classes, every jar on its class path, and the jar ./lab bench runs
lab_outputs_sum() {
  { find tools/target/classes -type f -print0 | LC_ALL=C sort -z | xargs -0 $lab_sha
    tr ':' '\n' < "$lab_classpath" | xargs $lab_sha
    find bench/target -maxdepth 1 -name benchmarks.jar -print0 2>/dev/null | xargs -0 -r $lab_sha; } | $lab_sha | cut -c1-64
}

# records what the build just made
lab_write_stamp() {
  printf 'sources %s\noutputs %s\n' "$(lab_sources_sum)" "$(lab_outputs_sum)" > "$lab_stamp"
}

# prints why the lab must be rebuilt, or nothing when it is current
lab_stale() {
  [ -f "$lab_stamp" ] && [ -f "$lab_classpath" ] || { lab_say not-built; return; }
  [ "$(sed -n 's/^sources //p' "$lab_stamp")" = "$(lab_sources_sum)" ] || { lab_say sources-changed; return; }
  [ "$(sed -n 's/^outputs //p' "$lab_stamp")" = "$(lab_outputs_sum 2>/dev/null)" ] \
    || lab_say outputs-changed
}
