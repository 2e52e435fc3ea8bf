package com.manage2soar.aliassync.model;

/**
 * Which club an entry of a map belongs to, so that a club whose fetch failed keeps exactly its own
 * entries while the others are updated.
 */
public sealed interface MapScope {
    /** Keys are list addresses: the key's domain names the club. */
    record ListAddresses() implements MapScope {}

    /** The whole file belongs to one club. */
    record OneClub(String prefix) implements MapScope {}

    /** Entries of all clubs merged; an entry cannot be traced back to one club. */
    record AllClubs() implements MapScope {}
}
