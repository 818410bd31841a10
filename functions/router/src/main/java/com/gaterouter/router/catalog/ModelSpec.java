package com.gaterouter.router.catalog;

import com.gaterouter.common.money.ModelPrice;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One servable model.
 *
 * @param id       the public id, {@code vendor/model}
 * @param upstream the model name the vendor's API expects
 * @param prices   price history, any order; {@link #priceOn} picks the one in force
 */
public record ModelSpec(
        String id,
        String vendor,
        String upstream,
        int contextWindow,
        int maxOutputTokens,
        Set<String> capabilities,
        List<String> aliases,
        List<ModelPrice> prices) {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(upstream, "upstream");
        capabilities = Set.copyOf(capabilities);
        aliases = List.copyOf(aliases);
        prices = prices.stream().sorted(Comparator.comparing(ModelPrice::effective)).toList();
        if (prices.isEmpty()) {
            throw new IllegalArgumentException(id + " has no price");
        }
        if (!id.startsWith(vendor + "/")) {
            throw new IllegalArgumentException(id + " must be named " + vendor + "/<model>");
        }
    }

    /** The latest price effective on {@code day}; the earliest one if the day predates them all. */
    public ModelPrice priceOn(LocalDate day) {
        ModelPrice current = prices.get(0);
        for (ModelPrice price : prices) {
            if (!price.effective().isAfter(day)) {
                current = price;
            }
        }
        return current;
    }

    public boolean supports(String capability) {
        return capabilities.contains(capability);
    }
}
