package com.gaterouter.rollup.notifier;

import java.util.List;
import java.util.Objects;

/** An alert as people read it: a subject line and a plain-text body, and who it is for. */
public record AlertMessage(String subject, String body, List<String> recipients) {
    public AlertMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        recipients = List.copyOf(recipients);
    }
}
