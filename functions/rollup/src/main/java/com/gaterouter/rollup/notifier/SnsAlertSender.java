package com.gaterouter.rollup.notifier;

import com.gaterouter.common.accounts.BudgetScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.rollup.alerts.BudgetAlert;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes alert messages to the finance SNS topic. E-mail subscribers receive the subject and
 * body as written. Message attributes let a subscription choose what it receives with a filter
 * policy: {@code recipients} (String.Array: the budget's finance addresses), {@code tenantId},
 * {@code scope}, {@code detailType} (docs/operations.md, "Budget alerts and finance e-mail").
 */
final class SnsAlertSender implements AlertSender {

    /** SNS: a subject is ASCII, without line breaks, and shorter than 100 characters. */
    static final int MAX_SUBJECT = 99;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSender(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void send(String id, String tenantId, BudgetScope scope, String detailType, AlertMessage message) {
        sns.publish(b -> b.topicArn(topicArn)
                .subject(snsSubject(message.subject()))
                .message(message.body())
                .messageAttributes(attributes(id, tenantId, scope, detailType, message)));
    }

    static Map<String, MessageAttributeValue> attributes(BudgetAlert alert, AlertMessage message) {
        return attributes(alert.alertId(), alert.tenantId(), alert.scope(), alert.detailType(), message);
    }

    /** {@code alertId} is the alert's id, or the digest's for a weekly digest. */
    static Map<String, MessageAttributeValue> attributes(String id, String tenantId, BudgetScope scope, String detailType,
                                                         AlertMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("tenantId", string(tenantId));
        attributes.put("scope", string(scope.wireName()));
        attributes.put("detailType", string(detailType));
        attributes.put("alertId", string(id));
        if (!message.recipients().isEmpty()) {
            // an empty array would be an attribute no filter policy can match anyway
            try {
                attributes.put("recipients", MessageAttributeValue.builder().dataType("String.Array")
                        .stringValue(JSON.writeValueAsString(message.recipients())).build());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return attributes;
    }

    /** What SNS accepts as a subject: accents dropped, other non-ASCII as '?', one line, under 100 characters. */
    static String snsSubject(String subject) {
        String plain = Normalizer.normalize(subject, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder ascii = new StringBuilder(plain.length());
        plain.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f ? (char) c : (Character.isWhitespace(c) ? ' ' : '?')));
        String line = ascii.toString().strip();
        return line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 3) + "...";
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
