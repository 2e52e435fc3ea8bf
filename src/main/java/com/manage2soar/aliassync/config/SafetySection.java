package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.plan.SafetyRules;

/** The {@code safety:} section: how much of a club's (or all clubs') list recipients one run may remove. */
record SafetySection(int maxRemovedPercent, int minRemovedRecipients) {
    static final Setting<Integer> MAX_REMOVED_PERCENT =
            Setting.withDefault("max_removed_percent", node -> node.asInt(0, 100), 20);
    static final Setting<Integer> MIN_REMOVED_RECIPIENTS = Setting.withDefault("min_removed_recipients",
            node -> node.asInt(0, Integer.MAX_VALUE), SafetyRules.DEFAULT_MIN_REMOVED_RECIPIENTS);

    static final Section SECTION = Section.of("safety", MAX_REMOVED_PERCENT, MIN_REMOVED_RECIPIENTS);

    static SafetySection read(Node root) throws ConfigException {
        Node safety = SECTION.in(root);
        return new SafetySection(MAX_REMOVED_PERCENT.value(safety), MIN_REMOVED_RECIPIENTS.value(safety));
    }
}
