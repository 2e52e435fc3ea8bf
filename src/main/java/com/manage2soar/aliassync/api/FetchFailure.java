package com.manage2soar.aliassync.api;

/** Why a club's lists could not be had; decides the exit code. */
public enum FetchFailure {
    /** The API refused the key (401/403). */
    AUTH,
    /** The API answered with data that cannot be used (malformed, wrong types, too large). */
    INVALID_RESPONSE,
    /** No usable answer: timeout, connection error, 5xx or 429 after retries, other HTTP status. */
    UNAVAILABLE
}
