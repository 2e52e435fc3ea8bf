package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.DroppedEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One club's answer on its way through a run: {@link Received} (bytes), {@link Parsed} (the API's lists),
 * {@link Validated} (lists that may be written). Each stage moves it one step along, or ends it as
 * {@link Failed}, which every later stage passes on unchanged. Most runs only compare a received answer's
 * digest with the last clean run's (see {@code SyncFingerprint}) and never parse it.
 */
public sealed interface ClubAnswer {
    Club club();

    /** The answer parsed; an answer that is already parsed (or failed) is returned as it is. */
    default ClubAnswer parsed() {
        return this;
    }

    /**
     * The answer validated: the last stage, where every answer ends as lists to write or a failure.
     * {@code bounceAliases}: the job generates {@code NAME-bounces} aliases (admin_email is set), so a list of
     * that name is the job's, not the club's.
     */
    Outcome validated(boolean bounceAliases);

    /** Where every club's answer ends: {@link Validated} or {@link Failed}. */
    sealed interface Outcome extends ClubAnswer {
        @Override
        default Outcome validated(boolean bounceAliases) {
            return this;
        }
    }

    /**
     * A complete response body (within {@code http.max_response_bytes}); {@code digest} identifies it,
     * to tell the next run whether anything changed.
     */
    record Received(Club club, byte[] body, String digest, Duration took) implements ClubAnswer {
        @Override
        public ClubAnswer parsed() {
            try {
                return new Parsed(club, ApiResponseParser.parse(new ByteArrayInputStream(body)), took);
            } catch (InvalidResponseException e) {
                return new Failed(club, FetchFailure.INVALID_RESPONSE, e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("reading a byte array failed", e);
            }
        }

        @Override
        public Outcome validated(boolean bounceAliases) {
            return parsed().validated(bounceAliases);
        }
    }

    /** The lists as the API sent them: nothing here is checked yet. */
    record Parsed(Club club, ApiLists lists, Duration took) implements ClubAnswer {
        @Override
        public Outcome validated(boolean bounceAliases) {
            List<DroppedEntry> dropped = new ArrayList<>();
            return new Validated(club, ClubLists.validate(club.prefix(), lists, bounceAliases, dropped::add), dropped,
                    took);
        }
    }

    /** The club's lists, every name and address checked, and what validation dropped. */
    record Validated(Club club, ClubLists lists, List<DroppedEntry> dropped, Duration took) implements Outcome {
        public Validated {
            dropped = List.copyOf(dropped);
        }
    }

    /** A club whose lists could not be had: fetching failed, or what arrived is unusable. */
    record Failed(Club club, FetchFailure kind, String reason) implements Outcome {}
}
