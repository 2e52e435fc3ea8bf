#!/bin/sh
# m2s-sync-aliases: runs the job on the runtime image it sits in (also when called through a symlink
# such as /usr/bin/m2s-sync-aliases). JAVA_OPTS adds JVM options.
self=$(readlink -f "$0")
home=${self%/bin/*}
# packaging/BuildImage.java fills in the @...@ values for the JDK that built the image: its JVM options,
# and the class archive made at build time (an AOT cache on JDK 25 and later, a CDS archive before),
# used when it matches; otherwise the JVM starts without it, silently (JAVA_OPTS=-Xlog:aot or
# -Xlog:cds shows why).
JVM_OPTIONS="@JVM_OPTIONS@"
archive=
[ -f "$home/lib/app/@ARCHIVE_FILE@" ] && archive="@ARCHIVE_OPTION@=$home/lib/app/@ARCHIVE_FILE@"
exec "$home/bin/java" $JVM_OPTIONS $archive $JAVA_OPTS \
  -cp "$home/lib/app/m2s-sync-aliases.jar" com.manage2soar.aliassync.Main "$@"
