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
        Optional<EmailAddress> devRedirect) {

    /** The two maps every config has, and nothing else: the {@code with...} methods add the others. */
    public static RenderSettings of(Path virtualFile, Path senderWhitelistFile) {
        return new RenderSettings(virtualFile, senderWhitelistFile, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RenderSettings withRecipientCheckFile(Path file) {
        return new RenderSettings(virtualFile, senderWhitelistFile, Optional.of(file), rspamdDir, rspamdCombinedFile,
                adminEmail, devRedirect);
    }

    public RenderSettings withRspamdDir(Path dir) {
        return new RenderSettings(virtualFile, senderWhitelistFile, recipientCheckFile, Optional.of(dir),
                rspamdCombinedFile, adminEmail, devRedirect);
    }

    public RenderSettings withRspamdCombinedFile(Path file) {
        return new RenderSettings(virtualFile, senderWhitelistFile, recipientCheckFile, rspamdDir, Optional.of(file),
                adminEmail, devRedirect);
    }

    public RenderSettings withAdminEmail(EmailAddress admin) {
        return new RenderSettings(virtualFile, senderWhitelistFile, recipientCheckFile, rspamdDir, rspamdCombinedFile,
                Optional.of(admin), devRedirect);
    }

    public RenderSettings withDevRedirect(EmailAddress redirect) {
        return new RenderSettings(virtualFile, senderWhitelistFile, recipientCheckFile, rspamdDir, rspamdCombinedFile,
                adminEmail, Optional.of(redirect));
    }
}
