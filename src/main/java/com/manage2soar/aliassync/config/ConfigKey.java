package com.manage2soar.aliassync.config;

/**
 * A key of config.yml: a {@link Setting} or a {@link Section} of them. The keys a mapping may hold are
 * the keys declared in it, so the list behind "unknown key" is never written out a second time.
 */
sealed interface ConfigKey permits Setting, Section {
    String key();
}
