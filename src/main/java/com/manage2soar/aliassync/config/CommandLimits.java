package com.manage2soar.aliassync.config;

import java.time.Duration;

/**
 * How long each external command may run before it is killed with every process it started. Together
 * with {@code http.deadline_seconds} they bound a run well below the 15 minutes between two runs.
 */
public record CommandLimits(Duration postmap, Duration postconf, Duration reload) {
    public static final CommandLimits DEFAULTS = new CommandLimits(Duration.ofSeconds(120), Duration.ofSeconds(10),
            Duration.ofSeconds(60));
}
