package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ApiResponseParser;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.render.RenderSettings;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy fixtures (copied from shared/fixtures/legacy): three clubs' API answers and the maps
 * the Python script wrote from them with admin_email postmaster@example.org.
 */
public final class Legacy {
    public static final List<String> PREFIXES = List.of("c0000", "c0001", "c0002");
    public static final EmailAddress ADMIN = EmailAddress.parse("postmaster@example.org");

    private Legacy() {}

    public static List<Club> clubs() {
        return PREFIXES.stream().map(p -> new Club(p, List.of(p + ".example.org"))).toList();
    }

    public static Map<String, ClubLists> lists() {
        Map<String, ClubLists> out = new LinkedHashMap<>();
        for (String prefix : PREFIXES) {
            out.put(prefix, lists("api/" + prefix + ".json", prefix));
        }
        return out;
    }

    public static ClubLists lists(String resource, String club) {
        List<Object> dropped = new ArrayList<>();
        try (InputStream in = Legacy.class.getResourceAsStream("/legacy/" + resource)) {
            ClubLists lists = ClubLists.validate(club, ApiResponseParser.parse(in), dropped::add);
            if (!dropped.isEmpty()) {
                throw new AssertionError("fixture has invalid entries: " + dropped);
            }
            return lists;
        } catch (Exception e) {
            throw new IllegalStateException(resource, e);
        }
    }

    /** Where the old script's files are (a resource directory with postfix/ and rspamd/). */
    public static Path maps() {
        try {
            return Path.of(Legacy.class.getResource("/legacy/maps").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The old script's file layout under {@code root}: root/postfix/... and root/rspamd/. */
    public static RenderSettings settings(Path root) {
        return RenderSettings.of(root.resolve("postfix/virtual"), root.resolve("postfix/sender_whitelist"))
                .withRecipientCheckFile(root.resolve("postfix/recipient_whitelist_check"))
                .withRspamdDir(root.resolve("rspamd"))
                .withAdminEmail(ADMIN);
    }

}
