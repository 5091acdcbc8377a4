#!/bin/sh
# Container launcher: the jthanos CLI on the image's JRE. Extra JVM options: JTHANOS_JAVA_OPTS.
# The AOT cache written at image build (see the Dockerfile) speeds start-up; AOTMode=auto never aborts when the
# JVM rejects it (e.g. other GC flags), the logs then say nothing and it runs without it.
aot=""
[ -f /opt/jthanos/thanos.aot ] && aot="-XX:AOTMode=auto -XX:AOTCache=/opt/jthanos/thanos.aot -Xlog:aot=off -Xlog:cds=off"
# shellcheck disable=SC2086
exec java $aot --enable-native-access=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError ${JTHANOS_JAVA_OPTS:-} \
  -cp "/opt/jthanos/lib/*" io.jthanos.cmd.Main "$@"
