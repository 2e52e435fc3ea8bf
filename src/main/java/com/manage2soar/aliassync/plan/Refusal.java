package com.manage2soar.aliassync.plan;

/**
 * A safety check that failed. A refused club keeps its current entries, exactly like a club that could
 * not be fetched, and the other clubs are applied; a refused plan is not applied at all. {@code --force}
 * applies either.
 */
public sealed interface Refusal {
    /** What the log and the plan say. */
    String reason();

    /** One club's changes look like an API fault rather than real membership changes. */
    record OfClub(String club, Cause cause, String detail) implements Refusal {
        @Override
        public String reason() {
            return "club " + club + " keeps its current entries: " + detail;
        }
    }

    /** All clubs together lose too much: the second line of defence, behind the per-club checks. */
    record OfPlan(String detail) implements Refusal {
        @Override
        public String reason() {
            return detail + "; nothing is written";
        }
    }

    /** Why a club was refused; its name is the {@code reason} label of the metric. */
    enum Cause {
        LISTS_EMPTIED,
        WHITELIST_EMPTIED,
        TOO_MANY_REMOVED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
