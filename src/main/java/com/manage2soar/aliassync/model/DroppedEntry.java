package com.manage2soar.aliassync.model;

/** An API value that failed validation and was left out of every map. */
public record DroppedEntry(String club, String where, String value, String reason) {
    @Override
    public String toString() {
        return "club " + club + ", " + where + ": dropped '" + Domains.printable(value) + "': " + reason;
    }
}
