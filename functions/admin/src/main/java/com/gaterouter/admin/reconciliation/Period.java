package com.gaterouter.admin.reconciliation;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.QueryDates;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * The UTC days a reconciliation covers, inclusive: {@code ?month=YYYY-MM}, or {@code ?from=&to=}
 * (at most {@value #MAX_DAYS} days — a day of raw usage costs a query per usage shard). Nothing in
 * the future: a month after the current one, or a {@code to} after today, is a 400; the current
 * month reads up to today.
 */
record Period(LocalDate from, LocalDate to) {

    static final int MAX_DAYS = 31;

    static Period of(AdminCall call, LocalDate today) {
        Optional<String> month = call.query("month");
        Optional<LocalDate> from = QueryDates.day(call, "from");
        Optional<LocalDate> to = QueryDates.day(call, "to");
        if (month.isPresent()) {
            if (from.isPresent() || to.isPresent()) {
                throw AdminException.invalid("month", "Give either 'month' or 'from' and 'to', not both.");
            }
            YearMonth value = QueryDates.month(month.get());
            if (value.isAfter(YearMonth.from(today))) {
                throw AdminException.invalid("month", "'month' (" + value + ") is after the current month (" + YearMonth.from(today) + ").");
            }
            return new Period(value.atDay(1), value.atEndOfMonth());
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw AdminException.invalid(from.isEmpty() ? "from" : "to",
                    "The period is required: 'month' (such as " + YearMonth.from(today) + "), or 'from' and 'to' (UTC days).");
        }
        if (from.get().isAfter(to.get())) {
            throw AdminException.invalid("from", "'from' (" + from.get() + ") must not be after 'to' (" + to.get() + ").");
        }
        if (to.get().isAfter(today)) {
            throw AdminException.invalid("to", "'to' (" + to.get() + ") is in the future; today is " + today + ".");
        }
        long days = to.get().toEpochDay() - from.get().toEpochDay() + 1;
        if (days > MAX_DAYS) {
            throw AdminException.invalid("from", "The period from " + from.get() + " to " + to.get() + " spans " + days
                    + " days; a reconciliation covers at most " + MAX_DAYS + ".");
        }
        return new Period(from.get(), to.get());
    }
}
