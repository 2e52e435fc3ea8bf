package com.manage2soar.aliassync.render;

import java.util.List;

/**
 * One club's share of the maps, rendered as soon as its answer is validated: a run then holds these, far smaller
 * than the clubs' validated lists, whose addresses are let go club by club.
 * {@code aliases}: its list addresses with their recipients (and bounce aliases), deflated; {@code checked}: its list
 * addresses that require the sender whitelist; {@code bypass}: those that do not; {@code senders}: its
 * whitelisted senders as lookup keys, sorted. {@code lists} and {@code hasMembers} are what the run reports of its lists
 * and what the safety checks ask of them.
 */
public record ClubEntries(int lists, boolean hasMembers, DeflatedValues aliases, List<String> checked,
        List<String> bypass, List<String> senders) {
    public ClubEntries {
        checked = List.copyOf(checked);
        bypass = List.copyOf(bypass);
        senders = List.copyOf(senders);
    }
}
