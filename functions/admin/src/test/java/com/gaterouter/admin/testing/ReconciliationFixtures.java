package com.gaterouter.admin.testing;

import com.gaterouter.admin.reconciliation.ExportFormats;
import com.gaterouter.admin.reconciliation.PriceBook;
import com.gaterouter.common.billing.InvoiceFormatException;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.billing.VendorExport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stand-ins for reconciliation's ports: a price book that knows two OpenAI models and one
 * Anthropic model (prices after a 20 % contract discount), and export formats that read a small
 * CSV ({@code vendorModel,day,class,tokens,requests,costMicros,account}; empty cells are absent).
 */
public final class ReconciliationFixtures {

    /** openai/gpt-4o-mini after 20 % off $0.15 / $0.075 / - / $0.60 per 1M: micro-USD per 1M tokens. */
    public static final Map<TokenClass, BigDecimal> MINI = Map.of(TokenClass.INPUT, new BigDecimal("120000"),
            TokenClass.CACHED_INPUT, new BigDecimal("60000"), TokenClass.OUTPUT, new BigDecimal("480000"));
    /** anthropic/claude-3-haiku after 20 % off $0.25 / $0.03 / $0.30 / $1.25 per 1M. */
    public static final Map<TokenClass, BigDecimal> HAIKU = Map.of(TokenClass.INPUT, new BigDecimal("200000"),
            TokenClass.CACHED_INPUT, new BigDecimal("24000"), TokenClass.CACHE_WRITE, new BigDecimal("240000"),
            TokenClass.OUTPUT, new BigDecimal("1000000"));

    private ReconciliationFixtures() {
    }

    public static PriceBook prices() {
        return new PriceBook() {
            @Override
            public Optional<String> catalogModel(String vendor, String vendorModel) {
                return switch (vendorModel) {
                    case "gpt-4o-mini", "gpt-4o-mini-2024-07-18" -> Optional.of("openai/gpt-4o-mini");
                    case "claude-3-haiku-20240307" -> Optional.of("anthropic/claude-3-haiku");
                    default -> Optional.empty();
                };
            }

            @Override
            public Optional<BigDecimal> unitPricePer1M(String tenantId, String catalogModelId, LocalDate day, TokenClass tokenClass) {
                return Optional.ofNullable(switch (catalogModelId) {
                    case "openai/gpt-4o-mini" -> MINI.get(tokenClass);
                    case "anthropic/claude-3-haiku" -> HAIKU.get(tokenClass);
                    default -> null;
                });
            }
        };
    }

    /** The {@code openai} and {@code anthropic} formats, both {@link #csvExport}. */
    public static ExportFormats formats() {
        return ExportFormats.of(List.of(csvExport("openai", "openai"), csvExport("anthropic", "anthropic")));
    }

    /** A format named {@code name} of {@code vendor}'s lines, read from the fixtures' CSV. */
    public static VendorExport csvExport(String name, String vendor) {
        return new VendorExport() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String vendor() {
                return vendor;
            }

            @Override
            public List<InvoiceLine> parse(byte[] body) {
                List<InvoiceLine> lines = new ArrayList<>();
                String[] rows = new String(body, StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i].isBlank()) {
                        continue;
                    }
                    String[] cells = rows[i].strip().split(",", -1);
                    if (cells.length != 7) {
                        throw new InvoiceFormatException("line " + (i + 1) + ": expected 7 fields, found " + cells.length);
                    }
                    try {
                        lines.add(new InvoiceLine(vendor, cells[0], LocalDate.parse(cells[1]),
                                TokenClass.valueOf(cells[2].toUpperCase(Locale.ROOT)), optional(cells[3]), optional(cells[4]),
                                Long.parseLong(cells[5]), cells[6].isEmpty() ? Optional.empty() : Optional.of(cells[6])));
                    } catch (IllegalArgumentException | DateTimeParseException e) {
                        throw new InvoiceFormatException("line " + (i + 1) + ": " + e.getMessage(), e);
                    }
                }
                return lines;
            }
        };
    }

    /** One line of the fixtures' CSV. */
    public static String csvLine(String vendorModel, LocalDate day, TokenClass tokenClass, Long tokens, Long requests, long costMicros,
                                 String account) {
        return vendorModel + "," + day + "," + tokenClass.name().toLowerCase(Locale.ROOT) + "," + (tokens == null ? "" : tokens) + ","
                + (requests == null ? "" : requests) + "," + costMicros + "," + (account == null ? "" : account) + "\n";
    }

    private static OptionalLong optional(String cell) {
        return cell.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(cell));
    }
}
