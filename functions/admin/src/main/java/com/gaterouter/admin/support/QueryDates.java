package com.gaterouter.admin.support;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Pattern;

/** The UTC days and months the admin API's queries take ({@code ?from=2026-11-24}, {@code ?month=2026-11}); a malformed one is a 400 naming it. */
public final class QueryDates {

    private static final Pattern DAY = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    private static final Pattern MONTH = Pattern.compile("^[0-9]{4}-[0-9]{2}$");

    private QueryDates() {
    }

    /** {@code ?<param>=YYYY-MM-DD}, if given. */
    public static Optional<LocalDate> day(AdminCall call, String param) {
        return call.query(param).map(value -> {
            try {
                if (DAY.matcher(value).matches()) {
                    return LocalDate.parse(value);
                }
            } catch (DateTimeException e) {
                // falls through to the 400 below
            }
            throw AdminException.invalid(param, "'" + param + "' must be a UTC day such as 2026-11-24.");
        });
    }

    /** {@code value} of {@code ?month=} as a month. */
    public static YearMonth month(String value) {
        try {
            if (MONTH.matcher(value).matches()) {
                return YearMonth.parse(value);
            }
        } catch (DateTimeException e) {
            // falls through to the 400 below
        }
        throw AdminException.invalid("month", "'month' must be a UTC month such as 2026-11.");
    }
}
