# Sourced by the bench scripts: finds a java binary of release 21 or later.

# The feature release of a java binary (25, 21, 17, 8...), or nothing if it will not run.
java_release() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}') || return 0
  [[ $v == 1.* ]] && v=${v#1.}
  printf '%s' "${v%%.*}"
}

# Prints the first java >= 21 of: $JAVA_HOME, Temurin 25, any under /usr/lib/jvm, the PATH's; fails if none.
find_java21() {
  local candidates=() c r
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*/bin/java)
  command -v java >/dev/null && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    [[ -x $c ]] || continue
    r=$(java_release "$c")
    if [[ -n $r ]] && (( r >= 21 )); then
      printf '%s' "$c"
      return 0
    fi
  done
  return 1
}
