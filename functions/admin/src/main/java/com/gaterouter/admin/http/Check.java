package com.gaterouter.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.money.UsdMicros;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Field validation shared by every route; each failure is a 400 naming the field. */
public final class Check {

    /** Ids in paths and bodies: what every generated id looks like. */
    public static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    /** A tenant id a platform admin chooses. */
    public static final Pattern TENANT_SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{2,39}$");
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    /** A concrete catalog model id: {@code vendor/model}, no wildcards (pricing overrides, routing candidates). */
    public static final Pattern MODEL_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,31}/[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$");
    private static final Pattern USD_STRING = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
    /** A finance cost-centre code: letters, digits, {@code - _ . /} and spaces (e.g. {@code CC-4711}). */
    private static final Pattern COST_CENTER = Pattern.compile("^[A-Za-z0-9_./ -]{1,64}$");
    /** What chargeback calls spend with no cost centre; not a code anyone may set. */
    public static final String UNASSIGNED_COST_CENTER = "unassigned";
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_MODEL_ENTRIES = 100;
    public static final int MAX_RECIPIENTS = 20;

    private Check() {
    }

    public static String id(String param, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw AdminException.invalid(param, "'" + param + "' must be 1 to 64 letters, digits, '_' or '-'.");
        }
        return value;
    }

    /** A display name: surrounding white space removed, 1 to 200 characters, no control characters. */
    public static String name(String param, String value) {
        String stripped = value == null ? "" : value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length < 1 || length > MAX_NAME_LENGTH) {
            throw AdminException.invalid(param, "'" + param + "' must be 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw AdminException.invalid(param, "'" + param + "' must not contain control characters.");
        }
        return stripped;
    }

    /**
     * A cost-centre code: surrounding white space removed, then 1 to 64 letters, digits, {@code -},
     * {@code _}, {@code .}, {@code /} or spaces; never {@value #UNASSIGNED_COST_CENTER} (in any case),
     * which chargeback reserves for spend without one.
     */
    public static String costCenter(String param, String value) {
        String stripped = value == null ? "" : value.strip();
        if (!COST_CENTER.matcher(stripped).matches()) {
            throw AdminException.invalid(param, "'" + param + "' must be 1 to 64 letters, digits, '-', '_', '.', '/' or spaces.");
        }
        if (stripped.equalsIgnoreCase(UNASSIGNED_COST_CENTER)) {
            throw AdminException.invalid(param, "'" + param + "' may not be '" + UNASSIGNED_COST_CENTER
                    + "': chargeback reports spend without a cost centre under that name.");
        }
        return stripped;
    }

    public static String email(String param, String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(trimmed).matches()) {
            throw AdminException.invalid(param, "'" + param + "' must be an email address.");
        }
        return trimmed;
    }

    public static ZoneId timeZone(String param, String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw AdminException.invalid(param, "'" + param + "' must be an IANA time zone such as Europe/Berlin.");
        }
    }

    public static Instant instant(String param, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw AdminException.invalid(param, "'" + param + "' must be an ISO-8601 instant such as 2030-01-31T00:00:00Z.");
        }
    }

    /**
     * A USD amount given as a JSON number or a decimal string, exact: parsed as BigDecimal (never a
     * double), at most 6 decimal places, not negative.
     */
    public static long usdMicros(String param, JsonNode value) {
        BigDecimal amount;
        if (value.isNumber()) {
            amount = value.decimalValue();
        } else if (value.isTextual() && USD_STRING.matcher(value.textValue().strip()).matches()) {
            amount = new BigDecimal(value.textValue().strip());
        } else if (value.isTextual() && value.textValue().strip().startsWith("-")) {
            throw AdminException.invalid(param, "'" + param + "' must not be negative.");
        } else {
            throw AdminException.invalid(param, "'" + param + "' must be a USD amount such as 500 or \"12.50\".");
        }
        if (amount.signum() < 0) {
            throw AdminException.invalid(param, "'" + param + "' must not be negative.");
        }
        if (amount.stripTrailingZeros().scale() > 6) {
            throw AdminException.invalid(param, "'" + param + "' has more than 6 decimal places.");
        }
        // 1e999999999 is a short JSON number whose plain form has a billion digits: refuse before writing it out
        if ((long) amount.precision() - amount.scale() > 19) {
            throw AdminException.invalid(param, "'" + param + "' is too large.");
        }
        try {
            return UsdMicros.parseUsd(amount.toPlainString());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw AdminException.invalid(param, "'" + param + "' is too large.");
        }
    }

    public static long nonNegativeInteger(String param, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw AdminException.invalid(param, "'" + param + "' must be a non-negative integer.");
        }
        return value.longValue();
    }

    /** A list of model entries ({@code *}, {@code vendor/*}, {@code vendor/model}); duplicates collapse. */
    public static Set<String> models(String param, List<JsonNode> values) {
        if (values.size() > MAX_MODEL_ENTRIES) {
            throw AdminException.invalid(param, "'" + param + "' has more than " + MAX_MODEL_ENTRIES + " entries.");
        }
        Set<String> models = new LinkedHashSet<>();
        for (JsonNode value : values) {
            if (!value.isTextual() || !ModelPolicy.ENTRY.matcher(value.textValue()).matches()) {
                throw AdminException.invalid(param, "'" + param + "' entries must be model ids such as openai/gpt-4o, "
                        + "a vendor wildcard such as anthropic/*, or *.");
            }
            models.add(value.textValue());
        }
        return models;
    }

    /**
     * A concrete catalog model id ({@code vendor/model}, no wildcards). Only its form is checked: the
     * admin API has no catalog, so whether the model exists is the router's business.
     */
    public static String modelId(String param, String value) {
        if (value == null || !MODEL_ID.matcher(value).matches()) {
            throw AdminException.invalid(param, "'" + param + "' must be a catalog model id such as openai/gpt-4o "
                    + "(vendor/model, no wildcards).");
        }
        return value;
    }

    /** {@link #modelId(String, String)} of a JSON value, which must be a string. */
    public static String modelId(String param, JsonNode value) {
        return modelId(param, value != null && value.isTextual() ? value.textValue() : null);
    }

    /**
     * Browser origins a tenant allows (CORS): exact {@code http(s)://host[:port]} origins, or
     * {@code "*"} alone; canonicalised (lower case, no default port, no trailing slash).
     */
    public static AllowedOrigins origins(String param, List<JsonNode> values) {
        List<String> entries = new java.util.ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                throw AdminException.invalid(param, "'" + param + "' entries must be strings such as https://app.example.com, or \"*\".");
            }
            entries.add(value.textValue());
        }
        try {
            return AllowedOrigins.of(entries);
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid(param, "'" + param + "': " + e.getMessage());
        }
    }

    public static List<String> emails(String param, List<JsonNode> values) {
        if (values.size() > MAX_RECIPIENTS) {
            throw AdminException.invalid(param, "'" + param + "' has more than " + MAX_RECIPIENTS + " entries.");
        }
        Set<String> emails = new LinkedHashSet<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                throw AdminException.invalid(param, "'" + param + "' entries must be email addresses.");
            }
            emails.add(email(param, value.textValue()));
        }
        return List.copyOf(emails);
    }
}
