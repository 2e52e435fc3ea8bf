package com.manage2soar.aliassync.plan;

/** A safety check that failed: the plan is not applied unless the admin passes {@code --force}. */
public record Refusal(String reason) {}
