package com.manage2soar.aliassync.model;

import java.util.Optional;

/** The Postfix lookup-table type of our maps, and the file {@code postmap} builds for it. */
public enum MapType {
    HASH(".db"),
    BTREE(".db"),
    LMDB(".lmdb"),
    CDB(".cdb"),
    /** Read from the text file itself when Postfix starts or reloads: nothing to index. */
    TEXTHASH(null);

    private final String indexSuffix;

    MapType(String indexSuffix) {
        this.indexSuffix = indexSuffix;
    }

    /** The suffix of the indexed file beside the text file, if this type has one. */
    public Optional<String> indexSuffix() {
        return Optional.ofNullable(indexSuffix);
    }

    /** As Postfix spells it in {@code type:name}. */
    public String postfixName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
