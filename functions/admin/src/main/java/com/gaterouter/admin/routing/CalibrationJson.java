package com.gaterouter.admin.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.calibration.CalibrationReport;
import com.gaterouter.routing.calibration.LabelledExample;
import com.gaterouter.routing.calibration.ThresholdCalibration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A routing calibration as the admin API takes and answers it: {@code {examples, scope?, scopeId?}}
 * in ({@link LabelledExample}s, strictly: an unknown field is a 400); the report out, shares as
 * fractions from 0 to 1 with 4 decimals, thresholds as given.
 */
public final class CalibrationJson {

    /** At most this many examples a call (the body cap, 64 KiB, usually binds first). */
    public static final int MAX_EXAMPLES = 5_000;

    private CalibrationJson() {
    }

    /** What a calibration asks: the examples, and the level whose routing it prices them with (absent: the tenant). */
    record Request(List<LabelledExample> examples, Optional<String> scope, Optional<String> scopeId) {
    }

    /** The body; 400 naming the field ({@code examples[3].weak_correct}) for anything malformed. Never quotes a prompt. */
    static Request parse(JsonBody body) {
        body.only("examples", "scope", "scopeId");
        List<JsonNode> items = body.array("examples").orElseThrow(() -> body.missing("examples"));
        if (items.isEmpty() || items.size() > MAX_EXAMPLES) {
            throw AdminException.invalid("examples", "'examples' must hold 1 to " + String.format(java.util.Locale.ROOT, "%,d", MAX_EXAMPLES)
                    + " labelled examples, not " + items.size() + ".");
        }
        List<LabelledExample> examples = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                examples.add(LabelledExample.parse(items.get(i), true));
            } catch (LabelledExample.InvalidExample e) {
                String item = "examples[" + i + "]";
                throw AdminException.invalid(e.field().map(field -> item + "." + field).orElse(item), item + ": " + e.getMessage() + ".");
            }
        }
        Optional<String> scope = body.string("scope");
        Optional<String> scopeId = body.string("scopeId").map(value -> Check.id(body.param("scopeId"), value));
        return new Request(examples, scope, scopeId);
    }

    /** The answer: what the level's routing and each mode would have done on the examples. */
    static ObjectNode render(String tenantId, PolicyScope scope, String scopeId, CalibrationService.Calibrated calibrated) {
        CalibrationReport report = calibrated.report();
        ObjectNode node = Views.object();
        node.put("tenantId", tenantId);
        node.put("scope", scope.wireName());
        node.put("scopeId", scopeId);
        node.put("examples", report.calibration().size());
        node.put("weakModel", calibrated.weakModel());
        node.put("strongModel", calibrated.strongModel());
        node.put("weakQuality", share(report.calibration().weakQualityShare()));
        ObjectNode modes = node.putObject("modes");
        for (Map.Entry<ThresholdCalibration.Mode, CalibrationReport.Fitted> mode : report.modes().entrySet()) {
            fitted(modes.putObject(mode.getKey().wireName()), mode.getValue());
        }
        ObjectNode current = node.putObject("current");
        current.put("prefer", calibrated.routing().prefer().wireName());
        fitted(current, report.at(calibrated.routing().thresholds()));
        ArrayNode table = node.putArray("table");
        report.table().forEach(row -> figures(table.addObject(), row));
        return node;
    }

    private static void fitted(ObjectNode node, CalibrationReport.Fitted fitted) {
        TierThresholds thresholds = fitted.thresholds();
        node.put("lightBelow", BigDecimal.valueOf(thresholds.lightBelow()));
        figures(node, fitted.figures());
    }

    private static void figures(ObjectNode node, ThresholdCalibration.Row row) {
        node.put("heavyFrom", BigDecimal.valueOf(row.heavyFrom()));
        node.put("strongShare", share(row.strongShare()));
        node.put("quality", share(row.quality()));
        node.put("gapRecovered", share(row.gapRecovered()));
        node.put("costShare", share(row.costShare()));
        node.put("saved", share(row.saved()));
    }

    /** A share as a fraction with 4 decimals ({@code 0.9583}), trailing zeros dropped. */
    private static BigDecimal share(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
