package com.manage2soar.aliassync.render;

import com.manage2soar.aliassync.model.EmailAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What shapes the maps, taken from the config. Rspamd output goes to a directory of per-club
 * files, or to one combined file as older deployments have it, or nowhere.
 */
public record RenderSettings(
        Path virtualFile,
        Path senderWhitelistFile,
        Optional<Path> recipientCheckFile,
        Optional<Path> rspamdDir,
        Optional<Path> rspamdCombinedFile,
        Optional<EmailAddress> adminEmail,
        Optional<EmailAddress> devRedirect) {}
