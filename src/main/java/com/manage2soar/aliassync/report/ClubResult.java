package com.manage2soar.aliassync.report;

import com.manage2soar.aliassync.api.ClubAnswer;
import java.util.Optional;

/**
 * How one club's fetch ended: its lists were had ({@code failure} empty), or why not; and what validation
 * dropped: entries, and whole lists that reach nobody.
 */
public record ClubResult(String club, Optional<ClubAnswer.Failed> failure, int dropped, int listsDropped) {
    public boolean fetched() {
        return failure.isEmpty();
    }
}
