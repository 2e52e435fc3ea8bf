#!/bin/sh
# m2s-sync-aliases: runs the job on the runtime image it sits in (also when called through a symlink
# such as /usr/bin/m2s-sync-aliases). JAVA_OPTS adds JVM options.
self=$(readlink -f "$0")
home=${self%/bin/*}
# Short-lived batch job: serial GC, the quick C1 compiler, no perf-data file, and a small young
# generation (16 MB: peak RSS of a 50-club run 154 -> 100 MB, of a 500-club run 385 -> 287 MB, same
# wall time; the default sizes it from the machine's RAM, and a run touches all of it). The AOT cache made at
# build time (classes pre-parsed and linked) is used when it matches; otherwise the JVM starts without
# it, silently (JAVA_OPTS=-Xlog:aot shows why).
JVM_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn16m -XX:-UsePerfData -Xlog:aot=off -Xlog:cds=off"
aot=
[ -f "$home/lib/app/m2s-sync-aliases.aot" ] && aot="-XX:AOTCache=$home/lib/app/m2s-sync-aliases.aot"
exec "$home/bin/java" $JVM_OPTIONS $aot $JAVA_OPTS \
  -cp "$home/lib/app/m2s-sync-aliases.jar" com.manage2soar.aliassync.Main "$@"
