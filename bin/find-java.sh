# Sourced by ./mvnw and bin/thanos: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm (or $JTHANOS_JVM_DIR).
# Stops with an explanation when no suitable JDK exists.
jthanos_java_major() {
  # prints the feature version of the java binary in $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
jthanos_find_java() {
  required=25
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(jthanos_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$required" ]; then return 0; fi
  fi
  best=""; best_v=0
  case $- in *f*) restore_noglob=1 ;; *) restore_noglob=0 ;; esac
  set +f  # the caller may run with globbing off (mvnw uses set -f)
  for d in "${JTHANOS_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$(jthanos_java_major "$d/bin/java")
    [ -n "$v" ] || continue
    if [ "$v" -ge "$required" ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ "$restore_noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "jthanos needs a JDK $required or newer, and none was found (JAVA_HOME=${JAVA_HOME:-unset}, searched ${JTHANOS_JVM_DIR:-/usr/lib/jvm})." >&2
    echo "Install one, e.g. 'apt-get install temurin-25-jdk' or an OpenJDK 25 build, or point JAVA_HOME at it." >&2
    exit 1
  fi
  JAVA_HOME="$best"
}
jthanos_find_java
export JAVA_HOME
