package com.manage2soar.aliassync.model;

/** How a map file spells its entries, and whether Postfix reads it. */
public enum MapFormat {
    /** Postfix {@code virtual}: {@code address  recipient,recipient,...}; recipients compared as a set. */
    POSTFIX_ALIASES,
    /** Postfix access table: {@code address  ACTION}. */
    POSTFIX_ACCESS,
    /** Rspamd map: one address a line, no value; Rspamd re-reads it by itself. */
    RSPAMD_LIST;

    public boolean isPostfix() {
        return this != RSPAMD_LIST;
    }
}
