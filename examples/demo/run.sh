#!/usr/bin/env bash
# The README's run command: the job on the bundled demo, from anywhere in a clone.
#
#   examples/demo/run.sh [--dry-run | -v | ...]     # arguments go to m2s-sync-aliases
#
# Builds the runtime image (./mvnw package, no tests) when target/image/ has none, creates the
# demo's output directories under target/demo/ and runs the job with examples/demo/config.yml:
# three clubs whose API answers are saved files, maps written as texthash, no Postfix, no root.
set -euo pipefail
cd "$(dirname "$0")/../.."

launcher=target/image/bin/m2s-sync-aliases
if ! [ -x "$launcher" ]; then
  . .ci/select-jdk
  echo "demo: no $launcher yet: building it (./mvnw package, about 2 minutes, JDK $JAVA_HOME)" >&2
  ./mvnw -B -ntp -q package -DskipTests
fi
mkdir -p target/demo/postfix target/demo/rspamd
exec "$launcher" --config examples/demo/config.yml "$@"
