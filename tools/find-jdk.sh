# Sourced by ./lab and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME (and PATH) for it.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders. Prints what it found when none fits.
. "$(dirname "${BASH_SOURCE[0]}")/say.sh"

lab_java_major() { # prints the major version of the JDK at $1, or nothing
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

lab_find_jdk() {
  local want=25 seen="" home v candidates=() first=""
  LAB_JDK_NOTE=""
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$home")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home /usr/local/sdkman/candidates/java/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    v=$(lab_java_major "$home")
    [ -z "$first" ] && [ -n "$v" ] && first="$home (Java $v)"
    if [ -n "$v" ] && [ "$v" -ge "$want" ] 2>/dev/null; then
      if [ -n "$first" ] && [ "$first" != "$home (Java $v)" ]; then
        LAB_JDK_NOTE=$(lab_say jdk-note "$v" "$home" "$first")
      fi
      export JAVA_HOME="$home"
      export PATH="$home/bin:$PATH"
      return 0
    fi
    [ -n "$v" ] && seen="$seen
    $home (Java $v)"
  done
  lab_say no-jdk "$want" "$seen" >&2
  return 1
}
