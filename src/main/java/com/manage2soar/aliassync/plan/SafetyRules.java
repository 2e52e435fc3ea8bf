package com.manage2soar.aliassync.plan;

/**
 * When a plan is refused ({@code safety.*}): a club, or all clubs together, losing more than
 * {@code maxRemovedPercent} of their list recipients, and at least {@code minRemovedRecipients} of them,
 * so that one member leaving a small club is never taken for an API fault.
 */
public record SafetyRules(int maxRemovedPercent, int minRemovedRecipients) {
    /** A member on several lists counts once a list: ten is two or three members of a small club. */
    public static final int DEFAULT_MIN_REMOVED_RECIPIENTS = 10;

    /** True when removing {@code removed} of {@code total} recipients is too much. */
    boolean tooMany(long removed, long total) {
        return removed >= minRemovedRecipients && removed * 100 > total * maxRemovedPercent;
    }
}
