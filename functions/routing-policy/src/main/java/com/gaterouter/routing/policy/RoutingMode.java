package com.gaterouter.routing.policy;

import com.gaterouter.routing.WireNamed;
import java.util.Optional;

/** Whether the classifier chooses the model for {@code auto} requests or only says what it would have chosen. */
public enum RoutingMode implements WireNamed {
    /** {@code auto} requests go to the candidates of the tier the classifier assigns. */
    ROUTE,
    /**
     * Every chat request is classified and the decision recorded (usage record, headers), but a
     * fixed model serves {@code auto} requests and a named model serves its own: to calibrate
     * thresholds on real traffic before routing is switched on.
     */
    SHADOW;

    public static Optional<RoutingMode> fromWire(String name) {
        return WireNamed.fromWire(RoutingMode.class, name);
    }
}
