#!/bin/sh
# Container launcher: the jthanos CLI on the image's JRE. Extra JVM options: JTHANOS_JAVA_OPTS.
# shellcheck disable=SC2086
exec java --enable-native-access=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError ${JTHANOS_JAVA_OPTS:-} \
  -cp "/opt/jthanos/lib/*" io.jthanos.cmd.Main "$@"
