package com.manage2soar.aliassync.report;

import com.manage2soar.aliassync.api.ClubAnswer;
import java.util.Optional;

/** How one club's fetch ended: its lists were had ({@code failure} empty), or why not; and what validation dropped. */
public record ClubResult(String club, Optional<ClubAnswer.Failed> failure, int dropped) {
    public boolean fetched() {
        return failure.isEmpty();
    }
}
