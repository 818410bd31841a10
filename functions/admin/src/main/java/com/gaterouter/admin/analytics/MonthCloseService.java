package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.QueryDates;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The month close (docs/finops.md): {@code POST …/month-closes} {@code {"month": "YYYY-MM"}} closes a
 * month that is over — per vendor, its usage at list and contract cost, credits drawn, an unused
 * commitment and what is billed ({@link ContractStatement}); per cost centre, the contract cost
 * charged to it — computed from the month's raw usage and the tenant's price table, and kept.
 * Closing again recomputes it: the same figures answer 200 with the kept close, unchanged (a month
 * close is idempotent); different figures (usage written late, terms changed) answer 409 naming both,
 * and the kept close stays. {@code GET …/month-closes/{month}} reads the kept close.
 */
record MonthCloseService(Questions questions, MonthCloses closes) {

    /** The kept close, and whether this call made it. */
    record Closed(ObjectNode body, boolean created) {
    }

    Closed close(AdminCall call) {
        AnalyticsScope scope = questions.wholeTenant(call, "A month close");
        if (!com.gaterouter.admin.auth.Access.administersTenant(call.caller())) {
            throw AdminException.forbidden("Tenant admins and platform admins close months; finance reads the closes.");
        }
        var body = call.body();
        body.only("month");
        YearMonth month = QueryDates.month(body.requiredString("month"));
        YearMonth current = YearMonth.from(scope.today());
        if (!month.isBefore(current)) {
            throw AdminException.invalid("month", "Month " + month + " is not over: it can be closed from " + month.plusMonths(1).atDay(1) + ".");
        }
        ObjectNode figures = figures(scope, month);
        String digest = digest(figures);
        Optional<MonthCloses.Stored> kept = closes.find(scope.tenantId(), month);
        if (kept.isEmpty()) {
            ObjectNode close = figures.deepCopy();
            Views.putInstant(close, "closedAt", call.now());
            close.put("closedBy", call.caller().actor().id());
            close.put("digest", digest);
            if (closes.create(new MonthCloses.Stored(scope.tenantId(), month, close.toString(), digest, call.now(),
                    call.caller().actor().id()))) {
                return new Closed(close, true);
            }
            kept = closes.find(scope.tenantId(), month);   // a concurrent close won: compare with it
        }
        MonthCloses.Stored stored = kept.orElseThrow();
        if (!stored.digest().equals(digest)) {
            JsonNode before = read(stored.body()).path("totals");
            throw AdminException.conflict("month_close_changed", "month", "Month " + month + " was closed on " + stored.closedAt()
                    + " at " + before.path("billedUsd").asText() + " billed (" + before.path("costUsd").asText() + " cost); its usage and terms now give "
                    + figures.path("totals").path("billedUsd").asText() + " billed (" + figures.path("totals").path("costUsd").asText()
                    + " cost): usage was recorded late or the price table changed. The kept close is unchanged.");
        }
        return new Closed((ObjectNode) read(stored.body()), false);
    }

    ObjectNode get(AdminCall call) {
        AnalyticsScope scope = questions.wholeTenant(call, "A month close");
        YearMonth month = QueryDates.month(call.raw("month"));
        return closes.find(scope.tenantId(), month).map(s -> (ObjectNode) read(s.body()))
                .orElseThrow(() -> AdminException.notFound("month", "Month " + month + " of tenant '" + scope.tenantId() + "' is not closed."));
    }

    /** What a close says, before who and when: a function of the month's raw usage and the price table. */
    ObjectNode figures(AnalyticsScope scope, YearMonth month) {
        Params.Range range = new Params.Range(month.atDay(1), month.atEndOfMonth());
        List<UsageRecord> records = questions.rawRecords(scope, range);
        Directory directory = questions.directory(scope);
        ContractStatement statement = ContractStatement.forMonth(questions, scope, directory, month, records);

        ObjectNode node = Views.object();
        node.put("tenantId", scope.tenantId());
        node.put("month", month.toString());
        node.put("pricingVersion", statement.pricingVersion());
        node.put("records", records.size());
        ArrayNode vendors = node.putArray("vendors");
        long requests = 0;
        long tokens = 0;
        long list = 0;
        long cost = 0;
        long drawn = 0;
        long shortfall = 0;
        long billed = 0;
        for (ContractStatement.Line line : statement.vendors()) {
            ObjectNode v = vendors.addObject();
            v.put("vendor", line.vendor());
            v.put("requests", line.requests());
            v.put("tokens", line.tokens());
            money(v, "listCost", line.listMicros());
            money(v, "cost", line.costMicros());
            money(v, "savings", line.savingsMicros());
            money(v, "creditsDrawn", line.creditsDrawnMicros());
            money(v, "creditsRemaining", line.creditsRemainingMicros());
            money(v, "monthlyCommit", line.commitMicros());
            money(v, "commitShortfall", line.shortfallMicros());
            money(v, "billed", line.billedMicros());
            requests += line.requests();
            tokens += line.tokens();
            list += line.listMicros();
            cost += line.costMicros();
            drawn += line.creditsDrawnMicros();
            shortfall += line.shortfallMicros();
            billed += line.billedMicros();
        }
        ArrayNode centres = node.putArray("costCenters");
        CostCenters costCenters = new CostCenters(directory);
        Map<String, ContractStatement.Usage> byCentre = new TreeMap<>();
        for (UsageRecord r : records) {
            if (r.status() != UsageStatus.REFUSED) {
                byCentre.merge(costCenters.ofKey(r.principal().keyId()),
                        new ContractStatement.Usage(1, r.tokens().totalTokens(), r.listCostMicros(), r.costMicros()), ContractStatement.Usage::plus);
            }
        }
        byCentre.entrySet().stream()
                .sorted(Map.Entry.<String, ContractStatement.Usage>comparingByKey(
                        java.util.Comparator.comparing((String code) -> code.equals(CostCenters.UNASSIGNED)).thenComparing(java.util.Comparator.naturalOrder())))
                .forEach(e -> {
                    ObjectNode c = centres.addObject();
                    c.put("costCenter", e.getKey());
                    c.put("requests", e.getValue().requests());
                    c.put("tokens", e.getValue().tokens());
                    money(c, "listCost", e.getValue().listMicros());
                    money(c, "cost", e.getValue().costMicros());
                });
        ObjectNode totals = node.putObject("totals");
        totals.put("requests", requests);
        totals.put("tokens", tokens);
        money(totals, "listCost", list);
        money(totals, "cost", cost);
        money(totals, "savings", list - cost);
        money(totals, "creditsDrawn", drawn);
        money(totals, "commitShortfall", shortfall);
        money(totals, "billed", billed);
        return node;
    }

    private static void money(ObjectNode node, String prefix, long micros) {
        node.put(prefix + "Usd", UsdMicros.toDecimalString(micros));
        node.put(prefix + "UsdMicros", micros);
    }

    private static String digest(ObjectNode figures) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(figures.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a kept close is JSON", e);
        }
    }
}
