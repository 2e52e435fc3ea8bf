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
# The young generation grows with the work, told by the config's size: a run over hundreds of clubs makes far
# more short-lived objects than 16 MB hold, and the serial GC promotes them and lets its old generation grow
# rather than collect it (5000 clubs of 8 lists of 500, every list changed: peak RSS 2.3 GB with 16 MB, 1.2 GB
# with 128 MB). An eighth of a MB per club (a line with "prefix"), from 16 to 128 MB: a run over 50 clubs keeps
# its small footprint. The config is found as the job finds it; any other spelling of the option gets 16 MB.
config=/etc/m2s-sync-aliases/config.yml
next=
for arg do
  [ -n "$next" ] && config=$arg
  next=
  case $arg in
    -c|--config) next=1 ;;
    --config=*) config=${arg#--config=} ;;
  esac
done
clubs=$(grep -c prefix "$config" 2>/dev/null) || clubs=0
young=$((clubs / 8))
[ "$young" -lt 16 ] && young=16
[ "$young" -gt 128 ] && young=128
exec "$home/bin/java" $JVM_OPTIONS -Xmn${young}m $archive $JAVA_OPTS \
  -cp "$home/lib/app/m2s-sync-aliases.jar" com.manage2soar.aliassync.Main "$@"
