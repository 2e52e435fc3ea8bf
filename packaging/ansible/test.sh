#!/usr/bin/env bash
# CI for the Ansible role, called by .ci/run after the .deb is built:
#
#   packaging/ansible/test.sh target/m2s-sync-aliases_<version>_amd64.deb
#
# Runs playbook.yml against this machine (test/inventory.yml: connection local) as root, with
# ansible-core from Debian, and checks: --check --diff changes nothing; the first run installs the
# package, writes the config (equal to test/config.golden.yml, loads with `check`) and its key files,
# removes the old script's root crontab entry and directory, enables the timer; a second run and a
# second --check report changed=0; the package installs from an http URL too; a club whose API fails `check` fails the play (and a new config
# that fails it is not installed); no key appears in any output. systemd is not PID 1 here: the enablement is the
# timers.target.wants link that `systemctl enable` creates offline. Leaves the machine as it found
# it: purges the package, restores root's crontab, puts back main.cf. The plays' output: target/ansible-test.log.
set -euo pipefail
deb=$(realpath -e "${1:-}" 2>/dev/null) || deb=
cd "$(dirname "$0")"

work=/tmp/m2s-sync-aliases-ci
old_dir=/opt/m2s-mail-sync
cron_name="Sync M2S email aliases"
secrets=(ci-default-key-7f3a91 ci-club-key-c0002-52be)
link=/etc/systemd/system/timers.target.wants/m2s-sync-aliases.timer
fail() { echo "ansible-test: $*" >&2; exit 1; }

[ $# = 1 ] && [ -f "$deb" ] || fail "usage: $0 path/to/m2s-sync-aliases_*.deb"
[ "$(id -u)" = 0 ] || fail "run as root: the role installs a package"
command -v ansible-playbook >/dev/null || fail "no ansible-playbook: apt-get install ansible-core"
command -v crontab >/dev/null || fail "no crontab: apt-get install cron"
if dpkg-query -W -f='${Status}' m2s-sync-aliases 2>/dev/null | grep -q installed || [ -e /etc/m2s-sync-aliases ] \
    || [ -e "$old_dir" ]; then
  fail "m2s-sync-aliases or $old_dir is on this machine already: run this on a CI machine only"
fi

# The mail server the role deploys to: Postfix reads the job's maps and accepts the clubs' domains
# (`check`, which the role runs, fails otherwise). A fresh CI machine's postfix package has no main.cf.
main_cf=/etc/postfix/main.cf
saved_main_cf=$(mktemp)
had_main_cf=no
if [ -e "$main_cf" ]; then cp -p "$main_cf" "$saved_main_cf"; had_main_cf=yes; fi
cp /usr/share/postfix/main.cf.debian "$main_cf"
postconf -e "virtual_alias_domains = c0000.example.org c0001.example.org gliding.example.net c0002.example.org" \
  "virtual_alias_maps = hash:$work/postfix/virtual" \
  "smtpd_sender_restrictions = check_sender_access hash:$work/postfix/sender_whitelist" \
  "smtpd_recipient_restrictions = check_recipient_access hash:$work/postfix/recipient_whitelist_check, permit_mynetworks, reject_unauth_destination"
had_crontab=no
crontab_before=
if crontab_before=$(crontab -l 2>/dev/null); then had_crontab=yes; fi
cleanup() {
  dpkg --purge m2s-sync-aliases >/dev/null 2>&1 || true
  if [ "$had_crontab" = yes ]; then printf '%s\n' "$crontab_before" | crontab -; else crontab -r 2>/dev/null || true; fi
  rm -rf "$work" "$old_dir" /var/cache/m2s-sync-aliases
  if [ "$had_main_cf" = yes ]; then cp -p "$saved_main_cf" "$main_cf"; else rm -f "$main_cf"; fi
  rm -f "$saved_main_cf"
}
trap cleanup EXIT

# What the old m2s-mail-sync role left: its script and config, and its root crontab entry as
# Ansible's cron module writes it; plus an unrelated entry that must stay.
rm -rf "$work" && mkdir -p "$work/api" "$work/postfix"
cp ../../examples/demo/api/*.json "$work/api/"
mkdir -p "$old_dir"
printf '#!/usr/bin/python3\n' >"$old_dir/sync-aliases.py"
printf 'default_auth_token: "old"\n' >"$old_dir/config.yml"
kept="0 4 * * * /usr/bin/true # not ours"
{
  if [ "$had_crontab" = yes ]; then printf '%s\n' "$crontab_before"; fi
  echo "#Ansible: $cron_name"
  echo "*/15 * * * * $old_dir/sync-aliases.py >> /var/log/m2s-sync.log 2>&1"
  echo "$kept"
} | crontab -

export ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_RETRY_FILES_ENABLED=false
log=../../target/ansible-test.log   # every play's output, kept for a failed CI run
: >"$log"
play() {
  echo "ansible-test: ansible-playbook $*"
  ansible-playbook -i test/inventory.yml playbook.yml -e "m2s_sync_aliases_deb=$deb" "$@" >"$work/play.log" 2>&1 \
    && rc=0 || rc=$?
  cat "$work/play.log" >>"$log"
  return $rc
}
recap() { sed -n "s/^localhost *: .*\\b$1=\\([0-9]*\\).*/\\1/p" "$work/play.log"; }
expect_no_change() {
  [ "$(recap changed)" = 0 ] && [ "$(recap failed)" = 0 ] \
    || { cat "$work/play.log" >&2; fail "$1 changed something"; }
}

# 0. Variables the job cannot use stop the play before it changes anything.
if play -e '{"club_domains": [{"prefix": "c0000", "auth_token": "ci-club-key-c0002-52be"}]}'; then
  fail "a club without api_url did not fail the play"
fi
grep -q 'club_domains\[0\] (c0000): needs' "$work/play.log" && [ "$(recap changed)" = 0 ] \
  || { cat "$work/play.log" >&2; fail "a club without api_url did not fail the variables' check"; }

# 1. --check --diff on a machine without the job: shows the config, changes nothing.
play --check --diff || { cat "$work/play.log" >&2; fail "--check --diff failed"; }
grep -q '^+default_auth_token_file: /etc/m2s-sync-aliases/api-key$' "$work/play.log" \
  || { cat "$work/play.log" >&2; fail "--check --diff did not show the config"; }
! dpkg-query -W -f='${Status}' m2s-sync-aliases 2>/dev/null | grep -q installed || fail "--check installed the package"
[ -e "$old_dir" ] && crontab -l | grep -qx "#Ansible: $cron_name" || fail "--check removed the old script or its cron entry"

# 2. The real run (-v: every task's result is printed, the place a key would leak).
play --diff -v || { cat "$work/play.log" >&2; fail "the first run failed"; }
[ "$(recap changed)" -gt 0 ] || fail "the first run changed nothing"
dpkg-query -W -f='${Status}' m2s-sync-aliases | grep -q "ok installed" || fail "the package is not installed"
cmp /etc/m2s-sync-aliases/config.yml test/config.golden.yml \
  || { diff -u test/config.golden.yml /etc/m2s-sync-aliases/config.yml >&2; fail "the config differs from test/config.golden.yml"; }
for f in config.yml api-key api-key.c0002; do
  [ "$(stat -c '%U:%G %a' "/etc/m2s-sync-aliases/$f")" = "root:root 600" ] || fail "/etc/m2s-sync-aliases/$f is not root:root 0600"
done
[ "$(cat /etc/m2s-sync-aliases/api-key)" = "${secrets[0]}" ] && [ "$(cat /etc/m2s-sync-aliases/api-key.c0002)" = "${secrets[1]}" ] \
  || fail "the key files do not hold the inventory's keys"
[ ! -e /etc/m2s-sync-aliases/api-key.c0001 ] || fail "c0001's key is the default one: it needs no file"
m2s-sync-aliases check --config /etc/m2s-sync-aliases/config.yml >"$work/check.out" \
  || { cat "$work/check.out" >&2; fail "the rendered config does not pass check"; }
grep -q '^OK *club c0002: API answered' "$work/check.out" || fail "check did not fetch club c0002"
crontab -l | grep -q "$cron_name" && fail "the old cron entry is still in root's crontab"
crontab -l | grep -qxF "$kept" || fail "the role removed an unrelated cron entry"
[ ! -e "$old_dir" ] || fail "$old_dir is still there (m2s_sync_aliases_remove_old_script: true)"
[ "$(readlink "$link")" = /lib/systemd/system/m2s-sync-aliases.timer ] || fail "the timer is not enabled: no $link"
[ "$(systemctl is-enabled m2s-sync-aliases.timer 2>&1)" = enabled ] || fail "systemctl is-enabled does not say enabled"

# 3. Again, and in check mode: nothing changes.
play --diff || { cat "$work/play.log" >&2; fail "the second run failed"; }
expect_no_change "the second run"
play --check --diff || { cat "$work/play.log" >&2; fail "--check --diff on a deployed host failed"; }
expect_no_change "--check --diff on a deployed host"

# 3b. The package from an http URL (m2s_sync_aliases_deb as a release's address), served on loopback:
# with the package removed, the play installs it again from there; the config stays as it was.
mkdir -p "$work/www" && cp "$deb" "$work/www/"
python3 -m http.server --bind 127.0.0.1 --directory "$work/www" 8765 >"$work/www.log" 2>&1 &
www=$!
for _ in $(seq 50); do
  python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:8765/")' 2>/dev/null && break
  sleep 0.1
done
dpkg --remove m2s-sync-aliases >/dev/null
play --diff -e "m2s_sync_aliases_deb=http://127.0.0.1:8765/$(basename "$deb")" \
  || { kill "$www"; cat "$work/play.log" >&2; fail "the run installing from an http URL failed"; }
kill "$www"
grep -q "GET /$(basename "$deb")" "$work/www.log" || fail "the play did not fetch the package from its URL"
dpkg-query -W -f='${Status}' m2s-sync-aliases | grep -q "ok installed" || fail "the package from the URL is not installed"
cmp -s /etc/m2s-sync-aliases/config.yml test/config.golden.yml || fail "installing from a URL changed the config"

# 4. A club whose API fails check fails the play; the config in place stays.
if play -e '{"club_domains": [{"prefix": "c0009", "api_url": "file:/tmp/m2s-sync-aliases-ci/api/missing.json"}]}'; then
  fail "a club whose API cannot answer did not fail the play"
fi
grep -q 'FAIL *club c0009' "$work/play.log" || { cat "$work/play.log" >&2; fail "the failed play does not show check's FAIL line"; }
cmp -s /etc/m2s-sync-aliases/config.yml test/config.golden.yml || fail "a config that fails check replaced the working one"

# ...and so does a club that stops answering while the config stays the same.
mv "$work/api/c0002.json" "$work/api/c0002.json.away"
if play; then fail "a club whose API stopped answering did not fail the play"; fi
grep -q 'FAIL *club c0002' "$work/play.log" || { cat "$work/play.log" >&2; fail "the failed play does not show check's FAIL line"; }
mv "$work/api/c0002.json.away" "$work/api/c0002.json"

# 5. No key in any output (the diffs and check's findings included).
for secret in "${secrets[@]}"; do
  ! grep -qF "$secret" "$log" || fail "a key from the inventory appears in the play's output"
done

# 6. Purge removes what the role made (the timer's link, the keys).
dpkg --purge m2s-sync-aliases >/dev/null
[ ! -e "$link" ] && [ ! -L "$link" ] && [ ! -e /etc/m2s-sync-aliases ] || fail "dpkg --purge left the timer's link or /etc/m2s-sync-aliases"
echo "ansible-test: OK ($(grep -c '^PLAY RECAP' "$log") plays, $(grep -c '^TASK' "$log") tasks)"
