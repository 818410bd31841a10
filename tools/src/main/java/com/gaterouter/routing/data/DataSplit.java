package com.gaterouter.routing.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The deterministic train / held-out split shared by training and evaluation, and the validation
 * split inside the training part used for model selection. Both depend only on the rows' ids,
 * sources, groups and labels — never on any model's scores.
 *
 * <ul>
 *   <li>Sources with per-model outcomes (mmlu, mt_bench) are split by group, so a held-out subject
 *       is unseen in training: groups are ranked by SHA-256 of {@code source/group}, and the first
 *       quarter (rounded up) is held out, extended in the same order until the held-out rows hold
 *       at least {@value #MIN_HELD_OUT_POSITIVES} "needs strong" examples (otherwise AUC and PGR
 *       are undefined — mt_bench's first two groups have none).</li>
 *   <li>Task-labelled sources (gsm8k, arena-hard, humaneval, hand-labelled) have one or few groups
 *       and no outcomes; they are split by row: held out when SHA-256 of the id, read as a number,
 *       is 0 modulo 4.</li>
 * </ul>
 * Validation takes, from the training part only, the next fifth of groups in SHA-256 order of
 * {@code validation/source/group} (outcome sources) and ids that are 0 modulo 5 under SHA-256 of
 * {@code validation/id}.
 */
public final class DataSplit {

    /** Which part of the data a row belongs to. */
    public enum Part { TRAIN, VALIDATION, HELD_OUT }

    static final double HELD_OUT_GROUP_SHARE = 0.25;
    static final double VALIDATION_GROUP_SHARE = 0.20;
    static final int MIN_HELD_OUT_POSITIVES = 5;

    private final Set<String> heldOutGroups;
    private final Set<String> validationGroups;
    private final Set<String> groupSplitSources;

    private DataSplit(Set<String> heldOutGroups, Set<String> validationGroups, Set<String> groupSplitSources) {
        this.heldOutGroups = heldOutGroups;
        this.validationGroups = validationGroups;
        this.groupSplitSources = groupSplitSources;
    }

    /** The split of a data set (the group lists depend on which groups it has). */
    public static DataSplit of(List<RoutingExample> rows) {
        Map<String, Map<String, Integer>> positivesByGroup = new TreeMap<>();
        for (RoutingExample row : rows) {
            if (row.outcome().isPresent()) {
                positivesByGroup.computeIfAbsent(row.source(), s -> new TreeMap<>())
                        .merge(row.group(), row.outcome().get().needsStrong() ? 1 : 0, Integer::sum);
            }
        }
        Set<String> heldOut = new HashSet<>();
        Set<String> validation = new HashSet<>();
        for (var source : positivesByGroup.entrySet()) {
            List<String> groups = byHash(source.getKey(), "", source.getValue().keySet());
            int take = (int) Math.ceil(groups.size() * HELD_OUT_GROUP_SHARE);
            int positives = 0;
            int taken = 0;
            for (String group : groups) {
                if (taken >= take && positives >= MIN_HELD_OUT_POSITIVES) {
                    break;
                }
                heldOut.add(key(source.getKey(), group));
                positives += source.getValue().get(group);
                taken++;
            }
            List<String> rest = byHash(source.getKey(), "validation/",
                    groups.stream().filter(g -> !heldOut.contains(key(source.getKey(), g))).toList());
            int validate = (int) Math.ceil(rest.size() * VALIDATION_GROUP_SHARE);
            rest.subList(0, validate).forEach(group -> validation.add(key(source.getKey(), group)));
        }
        return new DataSplit(Set.copyOf(heldOut), Set.copyOf(validation), Set.copyOf(positivesByGroup.keySet()));
    }

    public Part partOf(RoutingExample row) {
        String key = key(row.source(), row.group());
        if (groupSplitSources.contains(row.source())) {
            return heldOutGroups.contains(key) ? Part.HELD_OUT
                    : validationGroups.contains(key) ? Part.VALIDATION : Part.TRAIN;
        }
        if (Math.floorMod(sha256Number(row.id()), 4) == 0) {
            return Part.HELD_OUT;
        }
        return Math.floorMod(sha256Number("validation/" + row.id()), 5) == 0 ? Part.VALIDATION : Part.TRAIN;
    }

    /** The held-out groups of the group-split sources, as {@code source/group}, sorted. */
    public List<String> heldOutGroups() {
        return new ArrayList<>(new TreeSet<>(heldOutGroups));
    }

    /** The validation groups of the group-split sources, as {@code source/group}, sorted. */
    public List<String> validationGroups() {
        return new ArrayList<>(new TreeSet<>(validationGroups));
    }

    private static List<String> byHash(String source, String salt, java.util.Collection<String> groups) {
        List<String> sorted = new ArrayList<>(groups);
        sorted.sort((a, b) -> sha256Hex(salt + key(source, a)).compareTo(sha256Hex(salt + key(source, b))));
        return sorted;
    }

    private static String key(String source, String group) {
        return source + "/" + group;
    }

    private static long sha256Number(String text) {
        return Long.parseUnsignedLong(sha256Hex(text).substring(0, 15), 16);
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
