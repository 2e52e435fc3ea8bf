package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.model.Club;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * What one club's API sent, before it is parsed: most runs only compare its digest with the last clean
 * run's (see {@code SyncFingerprint}) and never need its lists.
 */
public sealed interface ClubAnswer permits ClubAnswer.Received, ClubFetch.Failed {
    Club club();

    /** The lists, or why they are unusable. */
    ClubFetch parsed();

    /**
     * A complete response body (within {@code http.max_response_bytes}); {@code digest} identifies it,
     * to tell the next run whether anything changed.
     */
    record Received(Club club, byte[] body, String digest, Duration took) implements ClubAnswer {
        @Override
        public ClubFetch parsed() {
            try {
                return new ClubFetch.Fetched(club, ApiResponseParser.parse(new ByteArrayInputStream(body)), took);
            } catch (InvalidResponseException e) {
                return new ClubFetch.Failed(club, FetchFailure.INVALID_RESPONSE, e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("reading a byte array failed", e);
            }
        }
    }
}
