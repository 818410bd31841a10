package com.gaterouter.common.billing;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of a vendor's usage and cost export, in one shape whatever the vendor's: what the vendor
 * says one model cost on one UTC day for one token class (docs/finops.md, reconciliation).
 *
 * @param vendor      the catalog's vendor name: {@code openai}, {@code anthropic}, {@code bedrock}, {@code gemini}, {@code deepseek}
 * @param vendorModel the model as the vendor's export names it (e.g. {@code gpt-4o-mini-2024-07-18},
 *                    {@code anthropic.claude-3-haiku-20240307-v1:0}); matched to the catalog's {@code upstream} name
 * @param day         the UTC day the usage happened on
 * @param tokenClass  which tokens the line counts
 * @param tokens      how many tokens, when the export says (cost-only exports do not)
 * @param requests    how many requests, when the export says
 * @param costMicros  what the vendor charges for the line, in micro-USD, exactly as the export states
 *                    it, rounded half up to the micro-dollar only when the export is finer
 * @param account     the vendor-side account the line belongs to (OpenAI project, Anthropic workspace,
 *                    AWS account, Google project), when the export says
 */
public record InvoiceLine(String vendor, String vendorModel, LocalDate day, TokenClass tokenClass, OptionalLong tokens,
                          OptionalLong requests, long costMicros, Optional<String> account) {

    /** The token classes vendors bill separately; {@code OTHER} for a line that is no token class (a fee, a tool call). */
    public enum TokenClass { INPUT, CACHED_INPUT, CACHE_WRITE, OUTPUT, OTHER }

    public InvoiceLine {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(vendorModel, "vendorModel");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(tokenClass, "tokenClass");
        tokens = Objects.requireNonNullElse(tokens, OptionalLong.empty());
        requests = Objects.requireNonNullElse(requests, OptionalLong.empty());
        account = Objects.requireNonNullElse(account, Optional.empty());
        if (tokens.isPresent() && tokens.getAsLong() < 0) {
            throw new IllegalArgumentException("tokens must not be negative");
        }
    }
}
