package com.gaterouter.simulator.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The AWS event-stream binary framing ({@code application/vnd.amazon.eventstream}) that Bedrock's
 * {@code converse-stream} answers with. One message:
 * <pre>
 * [total length: uint32][headers length: uint32][prelude CRC32: uint32]
 * [headers: (name length: uint8, name, type: uint8 = 7 string, value length: uint16, value)*]
 * [payload][message CRC32 of everything before it: uint32]
 * </pre>
 * All integers big-endian. Only string headers are written, which is all Bedrock uses.
 */
public final class EventStreamCodec {

    /** Bytes around headers and payload: prelude (8), prelude CRC (4), message CRC (4). */
    public static final int OVERHEAD = 16;
    private static final byte STRING_TYPE = 7;

    private EventStreamCodec() {
    }

    /** An event as Bedrock sends it: {@code :event-type}, JSON content type, {@code :message-type event}. */
    public static byte[] event(String eventType, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        return encode(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A modelled in-stream error: {@code :exception-type} (e.g. {@code throttlingException}), payload {@code {"message"}}. */
    public static byte[] exception(String exceptionType, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        return encode(headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /** One message with string headers, in the given order. */
    public static byte[] encode(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream encodedHeaders = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            if (n.length > 255 || v.length > 0xFFFF) {
                throw new IllegalArgumentException("event-stream header too long: " + name);
            }
            encodedHeaders.write(n.length);
            encodedHeaders.writeBytes(n);
            encodedHeaders.write(STRING_TYPE);
            encodedHeaders.write(v.length >>> 8);
            encodedHeaders.write(v.length & 0xFF);
            encodedHeaders.writeBytes(v);
        });
        int headersLength = encodedHeaders.size();
        int total = OVERHEAD + headersLength + payload.length;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headersLength);
        message.putInt((int) crc(message.array(), 0, 8));
        message.put(encodedHeaders.toByteArray()).put(payload);
        message.putInt((int) crc(message.array(), 0, total - 4));
        return message.array();
    }

    static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
