#!/usr/bin/env bash
# Builds target/m2s-sync-aliases_<version>_amd64.deb from the runtime image. Run from anywhere,
# after `./mvnw package`:
#
#   packaging/build-deb.sh
#
# <version> is the job's own (`m2s-sync-aliases --version`, i.e. the pom's) plus a Debian revision:
# 1.0.0 -> 1.0.0-1, 1.1.0-SNAPSHOT -> 1.1.0~SNAPSHOT-1 (sorts before 1.1.0-1).
# Environment: DEB_REVISION (default 1), DEB_MAINTAINER (default: the author of the last commit),
# SOURCE_DATE_EPOCH (default: the time of the last commit; dates the changelog and the man page).
#
# Needs dpkg-deb, dpkg-shlibdeps and strip (dpkg-dev, binutils), help2man, gzip. The man page and
# the bash completion come from the image's launcher itself (--help, generate-completion).
set -euo pipefail
cd "$(dirname "$0")/.."

name=m2s-sync-aliases
image=target/image
deb=target/deb
root=$deb/root
prefix=/opt/$name

die() { echo "build-deb: $*" >&2; exit 1; }

for tool in dpkg-deb dpkg-shlibdeps strip help2man gzip; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install dpkg-dev binutils help2man)"
done
[ -x "$image/bin/$name" ] || die "no $image/bin/$name: run ./mvnw package first"

# --- version ---------------------------------------------------------------------------------
upstream=$("$image/bin/$name" --version | sed -n "1s/^$name //p")
case "$upstream" in
  [0-9]*) ;;
  *) die "cannot read the version from '$image/bin/$name --version' (got '$upstream')" ;;
esac
version="${upstream//-/\~}-${DEB_REVISION:-1}"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
# Not for dpkg-deb, which would clamp every file's mtime to it: the JVM refuses the AOT cache when
# the jars' mtimes differ from the build's ("timestamp has changed") and starts slower without it.
unset SOURCE_DATE_EPOCH
maintainer=${DEB_MAINTAINER:-$(git log -1 --format='%an <%ae>' 2>/dev/null || true)}
[ -n "$maintainer" ] || die "set DEB_MAINTAINER='Name <address>'"
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
out=target/${name}_${version}_amd64.deb
echo "build-deb: $name $version"

rm -rf "$deb"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/doc/$name" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/lintian/overrides" \
  "$root/lib/systemd/system" "$root/etc/cron.d" "$root/etc/logrotate.d" "$root/opt"

# --- the runtime image -----------------------------------------------------------------------
cp -a "$image" "$root$prefix"
ln -s "$prefix/bin/$name" "$root/usr/bin/$name"
# Normal modes whatever the umask was: directories 0755, files 0644, executables 0755 (below).
find "$root" -type d -exec chmod 0755 {} +
find "$root$prefix" -type f -exec chmod 0644 {} +
chmod 0755 "$root$prefix/bin/$name"
# The JDK's native executables and libraries: the ELF files (they start with 0x7f "ELF").
elfs=()
while IFS= read -r -d '' f; do
  if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then elfs+=("$PWD/$f"); fi
done < <(find "$root$prefix" -type f -print0)
# Debian wants stripped binaries (as dh_strip does it): drop the JDK's symbol tables. hs_err crash
# reports then show libjvm.so+offset instead of function names; the JVM needs nothing else from them.
for f in "${elfs[@]}"; do
  case "$f" in
    *.so) strip --remove-section=.comment --remove-section=.note --strip-unneeded "$f" ;;
    *) strip --remove-section=.comment --remove-section=.note "$f" && chmod 0755 "$f" ;;
  esac
done

# --- configuration ---------------------------------------------------------------------------
install -d -m 0700 "$root/etc/$name"
install -m 0600 config.example.yml "$root/etc/$name/config.yml"
install -m 0644 packaging/debian/cron.d "$root/etc/cron.d/$name"
install -m 0644 packaging/debian/logrotate "$root/etc/logrotate.d/$name"
install -m 0644 systemd/$name.service systemd/$name.timer "$root/lib/systemd/system/"

# --- man page: help2man on the shipped launcher ----------------------------------------------
# --help is what the job really accepts (picocli's model: options, subcommand and exit codes); the
# check subcommand's own --help becomes a section of its own. A wide usage width keeps picocli from
# wrapping the lines help2man reads, which it would misread.
{
  cat packaging/debian/$name.h2m
  printf '\n[THE CHECK COMMAND]\n.nf\n'
  "$image/bin/$name" check --help | sed 's/\\/\\e/g; s/-/\\-/g; s/^[.'"'"']/\\\&&/'
  printf '.fi\n'
} >"$deb/$name.h2m"
SOURCE_DATE_EPOCH=$epoch JAVA_OPTS="-Dpicocli.usage.width=1000" help2man --no-info --section=1 \
  --name="sync Postfix mailing-list maps from Manage2Soar" \
  --version-string="$name $upstream" --include="$deb/$name.h2m" \
  --output="$deb/$name.1" "$image/bin/$name" </dev/null
grep -q '^\.SH SYNOPSIS' "$deb/$name.1" || die "help2man produced no SYNOPSIS: see $deb/$name.1"
grep -q '^\.SH "THE CHECK COMMAND"' "$deb/$name.1" || die "no check section in the man page: see $deb/$name.1"
gzip -9n <"$deb/$name.1" >"$root/usr/share/man/man1/$name.1.gz"

# --- bash completion -------------------------------------------------------------------------
# Completions are sourced, not run: no #! line.
"$image/bin/$name" generate-completion | sed '1{/^#!/d}' >"$root/usr/share/bash-completion/completions/$name"
grep -q "complete -F" "$root/usr/share/bash-completion/completions/$name" || die "no bash completion generated"
bash -n "$root/usr/share/bash-completion/completions/$name"

# --- documentation ---------------------------------------------------------------------------
cp packaging/debian/copyright "$root/usr/share/doc/$name/copyright"
for jar in "$root$prefix"/lib/app/*.jar; do
  path=${jar#"$root/"} covered=
  while read -r pattern; do
    # shellcheck disable=SC2053 # $pattern is a glob on purpose
    if [[ $path == $pattern ]]; then covered=1; fi
  done < <(sed -n 's/^\(Files:\)\? \+\(opt\/[^ ]*\.jar\)$/\2/p' packaging/debian/copyright)
  [ -n "$covered" ] || die "$path has no Files: paragraph in packaging/debian/copyright"
done
cp config.example.yml "$root/usr/share/doc/$name/config.example.yml"
gzip -9n <README.md >"$root/usr/share/doc/$name/README.md.gz"
{
  echo "$name ($version) bookworm; urgency=medium"
  echo
  echo "  * $name $upstream, built from git $revision."
  echo
  echo " -- $maintainer  $(date -u -R -d "@$epoch")"
} | gzip -9n >"$root/usr/share/doc/$name/changelog.Debian.gz"
install -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/$name"

# --- control files ---------------------------------------------------------------------------
# Depends: postfix, and the libc the JDK's binaries link against (computed by dpkg-shlibdeps,
# which wants a debian/control: it gets a throwaway one; -l: the JDK's own libraries need nothing).
mkdir -p "$deb/shlibdeps/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: amd64\n' "$name" "$name" >"$deb/shlibdeps/debian/control"
jdklib=$PWD/$root$prefix/lib
shlibs=$(cd "$deb/shlibdeps" && dpkg-shlibdeps -O -l"$jdklib" -l"$jdklib/server" "${elfs[@]}" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || die "dpkg-shlibdeps found no dependencies"

install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
printf '/etc/%s/config.yml\n/etc/cron.d/%s\n/etc/logrotate.d/%s\n' "$name" "$name" "$name" >"$root/DEBIAN/conffiles"
cat >"$root/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: postfix, $shlibs
Suggests: postfix-lmdb, postfix-cdb, rspamd, prometheus-node-exporter, logrotate
Section: mail
Priority: optional
Description: keeps Postfix mailing-list maps in step with Manage2Soar
 Every 15 minutes (systemd timer or cron) m2s-sync-aliases fetches the
 mailing lists of every gliding club on the server from the Manage2Soar
 API, validates every name and address, writes the Postfix maps
 (virtual aliases, sender whitelist, recipient checks) and Rspamd
 whitelists that changed, indexes them with postmap and reloads Postfix
 once. It replaces the sync-aliases.py cron script and reads its
 config.yml unchanged.
 .
 The package carries its own Java runtime in /opt/m2s-sync-aliases and
 schedules nothing by itself: edit /etc/m2s-sync-aliases/config.yml,
 then enable m2s-sync-aliases.timer.
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "build-deb: $out ($(du -h "$out" | cut -f1))"
