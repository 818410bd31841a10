package com.gaterouter.simulator.billing;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Daily buckets served a page at a time, as the vendors' admin APIs do ({@code limit}, {@code page}, {@code next_page}). */
record Paging(List<LocalDate> days, Optional<String> nextPage) {

    /**
     * The page of days from {@code from} to {@code to} (exclusive): up to {@code limit} of them,
     * starting at the cursor {@code page} (a previous answer's {@code next_page}).
     */
    static Paging of(LocalDate from, LocalDate to, int limit, Optional<String> page) {
        LocalDate first = page.map(Paging::decode).orElse(from);
        if (first.isBefore(from) || first.isAfter(to)) {
            throw new IllegalArgumentException("page is not a cursor of this range");
        }
        List<LocalDate> days = first.datesUntil(to).limit(limit).toList();
        LocalDate after = days.isEmpty() ? to : days.getLast().plusDays(1);
        return new Paging(days, after.isBefore(to) ? Optional.of(encode(after)) : Optional.empty());
    }

    /** Every day from {@code from} to {@code to} (exclusive), in pages of {@code limit}. */
    static List<Paging> all(LocalDate from, LocalDate to, int limit) {
        List<Paging> pages = new java.util.ArrayList<>();
        Paging page = of(from, to, limit, Optional.empty());
        pages.add(page);
        while (page.nextPage().isPresent()) {
            page = of(from, to, limit, page.nextPage());
            pages.add(page);
        }
        return pages;
    }

    private static String encode(LocalDate day) {
        return "page_" + Base64.getUrlEncoder().withoutPadding().encodeToString(day.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static LocalDate decode(String cursor) {
        try {
            if (!cursor.startsWith("page_")) {
                throw new IllegalArgumentException("page is not a cursor: " + cursor);
            }
            return LocalDate.parse(new String(Base64.getUrlDecoder().decode(cursor.substring(5)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("page is not a cursor: " + cursor, e);
        }
    }
}
