package com.gaterouter.rollup.counters;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The Lambda event library's DynamoDB attribute values (the stream record's image) as the SDK v2's, which
 * {@link com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore#fromItem} reads.
 */
final class StreamImages {

    private StreamImages() {
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new LinkedHashMap<>();
        image.forEach((name, value) -> item.put(name, toSdk(value)));
        return item;
    }

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue v) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (v.getS() != null) {
            return sdk.s(v.getS()).build();
        }
        if (v.getN() != null) {
            return sdk.n(v.getN()).build();
        }
        if (v.getBOOL() != null) {
            return sdk.bool(v.getBOOL()).build();
        }
        if (v.getNULL() != null) {
            return sdk.nul(v.getNULL()).build();
        }
        if (v.getB() != null) {
            return sdk.b(SdkBytes.fromByteBuffer(v.getB())).build();
        }
        if (v.getM() != null) {
            return sdk.m(toSdk(v.getM())).build();
        }
        if (v.getL() != null) {
            return sdk.l(v.getL().stream().map(StreamImages::toSdk).toList()).build();
        }
        if (v.getSS() != null) {
            return sdk.ss(v.getSS()).build();
        }
        if (v.getNS() != null) {
            return sdk.ns(v.getNS()).build();
        }
        if (v.getBS() != null) {
            return sdk.bs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList()).build();
        }
        // an empty list or map deserialises with every field null: keep it an empty list rather than fail
        return sdk.l(List.of()).build();
    }

    /** The other way: an SDK item as a stream record's image (priming builds its event with it). */
    static Map<String, AttributeValue> fromSdk(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, fromSdk(value)));
        return image;
    }

    static AttributeValue fromSdk(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue value = new AttributeValue();
        switch (v.type()) {
            case S -> value.setS(v.s());
            case N -> value.setN(v.n());
            case BOOL -> value.setBOOL(v.bool());
            case NUL -> value.setNULL(v.nul());
            case B -> value.setB(v.b().asByteBuffer());
            case M -> value.setM(fromSdk(v.m()));
            case L -> value.setL(v.l().stream().map(StreamImages::fromSdk).toList());
            case SS -> value.setSS(v.ss());
            case NS -> value.setNS(v.ns());
            case BS -> value.setBS(v.bs().stream().map(SdkBytes::asByteBuffer).toList());
            default -> throw new IllegalArgumentException("not a DynamoDB attribute value: " + v);
        }
        return value;
    }
}
