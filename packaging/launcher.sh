#!/bin/sh
# m2s-sync-aliases: runs the job on the runtime image it sits in (also when called through a symlink
# such as /usr/bin/m2s-sync-aliases). JAVA_OPTS adds JVM options.
self=$(readlink -f "$0")
home=${self%/bin/*}
exec "$home/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k $JAVA_OPTS \
  -cp "$home/lib/app/m2s-sync-aliases.jar" com.manage2soar.aliassync.Main "$@"
