package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.render.RenderSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The maps the job writes and what shapes them: the old script's keys and defaults, and the newer ones. */
final class RenderSection {
    static final Setting<Path> VIRTUAL_FILE =
            Setting.withDefault("postfix_virtual_file", Node::asPath, Path.of("/etc/postfix/virtual"));
    static final Setting<Path> SENDER_WHITELIST_FILE =
            Setting.withDefault("postfix_whitelist_file", Node::asPath, Path.of("/etc/postfix/sender_whitelist"));
    static final Setting<Path> RECIPIENT_CHECK_FILE = Setting.withoutDefault("postfix_recipient_check_file", Node::asPath);
    static final Setting<Path> RSPAMD_DIR = Setting.withoutDefault("rspamd_whitelist_dir", Node::asPath);
    /** The legacy form of {@link #RSPAMD_DIR}: one combined file. */
    static final Setting<Path> RSPAMD_FILE = Setting.withoutDefault("rspamd_whitelist_file", Node::asPath);
    static final Setting<EmailAddress> ADMIN_EMAIL = Setting.withoutDefault("admin_email", Node::asAddress);

    static final Setting<Boolean> DEV_MODE_ENABLED = Setting.withDefault("enabled", Node::asBoolean, false);
    /** Required only when dev mode is enabled. */
    static final Setting<EmailAddress> DEV_MODE_REDIRECT = Setting.withoutDefault("redirect_to", Node::asAddress);
    static final Section DEV_MODE = Section.of("dev_mode", DEV_MODE_ENABLED, DEV_MODE_REDIRECT);

    static final List<ConfigKey> TOP_LEVEL = List.of(VIRTUAL_FILE, SENDER_WHITELIST_FILE, RECIPIENT_CHECK_FILE,
            RSPAMD_DIR, RSPAMD_FILE, ADMIN_EMAIL, DEV_MODE);

    private RenderSection() {}

    static RenderSettings read(Node root) throws ConfigException {
        ConfigRules.requireAtMostOne(root, RSPAMD_DIR, RSPAMD_FILE,
                "the legacy single-file form of rspamd_whitelist_dir: give only one");
        Node devMode = DEV_MODE.in(root);
        Optional<EmailAddress> redirect = DEV_MODE_ENABLED.value(devMode)
                ? Optional.of(DEV_MODE_REDIRECT.value(devMode)) : Optional.empty();
        return new RenderSettings(VIRTUAL_FILE.value(root), SENDER_WHITELIST_FILE.value(root),
                RECIPIENT_CHECK_FILE.in(root), RSPAMD_DIR.in(root), RSPAMD_FILE.in(root), ADMIN_EMAIL.in(root), redirect);
    }
}
