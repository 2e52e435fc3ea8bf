# /etc/cron.d/m2s-sync-aliases: the cron alternative to the systemd timer.
#
# The package schedules nothing by itself. Pick ONE schedule:
#   - systemd (recommended): systemctl enable --now m2s-sync-aliases.timer
#   - cron: uncomment the line below.
# With both, every run meets another one holding the lock and one of them exits 75.
# The cron line runs without the timer's sandbox and appends to its own log file
# (/etc/logrotate.d/m2s-sync-aliases rotates it weekly); under systemd the log goes to the journal.
#
#*/15 * * * * root /usr/bin/m2s-sync-aliases >> /var/log/m2s-sync-aliases.log 2>&1
