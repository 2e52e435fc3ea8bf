package com.manage2soar.aliassync.model;

import java.util.List;
import java.util.stream.Collectors;

/** API lists whose names differ only in case: one address in Postfix, so one alias with all their members. */
public record MergedList(String club, ListName name, List<String> spellings) {
    public MergedList {
        spellings = List.copyOf(spellings);
    }

    @Override
    public String toString() {
        return "club " + club + ": lists " + spellings.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "))
                + " are one address, " + name + "@ (Postfix ignores case): merged, with the members of all of them";
    }
}
