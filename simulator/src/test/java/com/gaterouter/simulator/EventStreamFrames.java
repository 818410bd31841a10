package com.gaterouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * An independent AWS event-stream decoder for tests: checks both CRCs of every message and
 * decodes the header types Bedrock uses, so the simulator's encoder is verified against the
 * format, not against itself.
 */
final class EventStreamFrames {

    private EventStreamFrames() {
    }

    /** One decoded message. */
    record Message(Map<String, String> headers, byte[] payload) {
        String header(String name) {
            return headers.get(name);
        }

        String eventType() {
            return headers.get(":event-type");
        }

        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return SimHttp.parse(payloadText());
        }
    }

    /** A read of a streamed answer: status, headers, raw bytes, and the transport error if it broke. */
    record Read(int status, HttpHeaders headers, byte[] bytes, Optional<IOException> error) {
        List<Message> messages() {
            return decode(bytes);
        }

        List<Message> events(String type) {
            return messages().stream().filter(m -> type.equals(m.eventType())).toList();
        }
    }

    static Read post(URI uri, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpResponse<InputStream> response;
        try {
            response = SimHttp.CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new Read(-1, null, new byte[0], Optional.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try (InputStream in = response.body()) {
            in.transferTo(out);
        } catch (IOException e) {
            return new Read(response.statusCode(), response.headers(), out.toByteArray(), Optional.of(e));
        }
        return new Read(response.statusCode(), response.headers(), out.toByteArray(), Optional.empty());
    }

    /**
     * Every complete message in {@code bytes}; a trailing partial message (a cut stream) is ignored.
     *
     * @throws IllegalStateException when a CRC or a length does not check out
     */
    static List<Message> decode(byte[] bytes) {
        List<Message> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.remaining() >= 12) {
            int start = buf.position();
            int total = buf.getInt(start);
            int headersLength = buf.getInt(start + 4);
            long preludeCrc = Integer.toUnsignedLong(buf.getInt(start + 8));
            if (crc(bytes, start, 8) != preludeCrc) {
                throw new IllegalStateException("prelude CRC mismatch at byte " + start);
            }
            if (total < 16 + headersLength) {
                throw new IllegalStateException("bad lengths at byte " + start);
            }
            if (buf.remaining() < total) {
                break;
            }
            long messageCrc = Integer.toUnsignedLong(buf.getInt(start + total - 4));
            if (crc(bytes, start, total - 4) != messageCrc) {
                throw new IllegalStateException("message CRC mismatch at byte " + start);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int p = start + 12;
            int headersEnd = p + headersLength;
            while (p < headersEnd) {
                int nameLength = bytes[p++] & 0xFF;
                String name = new String(bytes, p, nameLength, StandardCharsets.UTF_8);
                p += nameLength;
                int type = bytes[p++];
                if (type != 7) {
                    throw new IllegalStateException("unexpected header type " + type + " for " + name);
                }
                int valueLength = ((bytes[p] & 0xFF) << 8) | (bytes[p + 1] & 0xFF);
                p += 2;
                headers.put(name, new String(bytes, p, valueLength, StandardCharsets.UTF_8));
                p += valueLength;
            }
            byte[] payload = new byte[total - 16 - headersLength];
            System.arraycopy(bytes, headersEnd, payload, 0, payload.length);
            out.add(new Message(headers, payload));
            buf.position(start + total);
        }
        return out;
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
