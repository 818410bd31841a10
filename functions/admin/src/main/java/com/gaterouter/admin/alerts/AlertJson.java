package com.gaterouter.admin.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;

/**
 * A fired alert as the admin API lists it: the published event's detail exactly as stored with the
 * claim (docs/events.md), with {@code type} (the detail-type) and {@code state}.
 */
public final class AlertJson {

    private AlertJson() {
    }

    public static ObjectNode render(FiredAlert alert) {
        ObjectNode node = Views.object();
        node.put("type", alert.type());
        node.put("state", alert.state());
        alert.detail().properties().forEach(field -> {
            if (!node.has(field.getKey())) {
                node.set(field.getKey(), field.getValue());
            }
        });
        return node;
    }
}
