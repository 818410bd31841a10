package com.gaterouter.common.spend.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one journal record:
 *
 * <pre>
 *   int   bodyLength        (bytes after the 8-byte header)
 *   int   crc32c(body)
 *   body: long  sequence
 *         short requestIdLength, requestId (UTF-8)
 *         payload (the rest of the body)
 * </pre>
 *
 * A record is complete only if the whole body is present and its checksum matches; anything else
 * at the end of the last segment is a torn write (the process died between {@code write} and
 * {@code force}) and is cut off on open.
 */
final class RecordCodec {

    static final int HEADER_BYTES = 8;
    static final int MAX_REQUEST_ID_BYTES = 1024;
    /** Upper bound on one record's body: a usage record is ~1 KB; anything bigger is garbage. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private RecordCodec() {}

    static byte[] requestIdBytes(String requestId) {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > MAX_REQUEST_ID_BYTES) {
            throw new IllegalArgumentException("requestId must be 1.." + MAX_REQUEST_ID_BYTES + " UTF-8 bytes");
        }
        return id;
    }

    static int encodedSize(byte[] requestId, byte[] payload) {
        return HEADER_BYTES + bodySize(requestId, payload);
    }

    static int bodySize(byte[] requestId, byte[] payload) {
        return Long.BYTES + Short.BYTES + requestId.length + payload.length;
    }

    /** Writes one record at the buffer's position. */
    static void encode(ByteBuffer out, long sequence, byte[] requestId, byte[] payload) {
        int bodyLength = bodySize(requestId, payload);
        int headerAt = out.position();
        out.putInt(bodyLength).putInt(0);
        int bodyAt = out.position();
        out.putLong(sequence).putShort((short) requestId.length).put(requestId).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(bodyAt).limit(bodyAt + bodyLength));
        out.putInt(headerAt + Integer.BYTES, (int) crc.getValue());
    }

    /** The outcome of reading one record at a position. */
    sealed interface Read {
        record Complete(JournalEntry entry, int size) implements Read {}

        /** Not a complete record: a torn tail, or corruption if it is not at the end. */
        record Broken(String reason) implements Read {}

        /** Nothing left to read. */
        record End() implements Read {}
    }

    /** Reads the record at the buffer's position and, if it is complete, advances past it. */
    static Read decode(ByteBuffer in) {
        if (!in.hasRemaining()) {
            return new Read.End();
        }
        if (in.remaining() < HEADER_BYTES) {
            return new Read.Broken("partial header (" + in.remaining() + " bytes)");
        }
        int start = in.position();
        int bodyLength = in.getInt(start);
        int expectedCrc = in.getInt(start + Integer.BYTES);
        int minBody = Long.BYTES + Short.BYTES + 1;
        if (bodyLength < minBody || bodyLength > MAX_BODY_BYTES) {
            return new Read.Broken("implausible body length " + bodyLength);
        }
        if (in.remaining() - HEADER_BYTES < bodyLength) {
            return new Read.Broken("partial body (" + (in.remaining() - HEADER_BYTES) + " of " + bodyLength + " bytes)");
        }
        int bodyAt = start + HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(in.duplicate().position(bodyAt).limit(bodyAt + bodyLength));
        if ((int) crc.getValue() != expectedCrc) {
            return new Read.Broken("checksum mismatch");
        }
        ByteBuffer body = in.duplicate().position(bodyAt).limit(bodyAt + bodyLength);
        long sequence = body.getLong();
        int idLength = Short.toUnsignedInt(body.getShort());
        if (idLength == 0 || idLength > body.remaining()) {
            return new Read.Broken("implausible request id length " + idLength);
        }
        byte[] id = new byte[idLength];
        body.get(id);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        if (sequence < 1) {
            return new Read.Broken("implausible sequence " + sequence);
        }
        in.position(bodyAt + bodyLength);
        return new Read.Complete(new JournalEntry(sequence, new String(id, StandardCharsets.UTF_8), payload),
                HEADER_BYTES + bodyLength);
    }
}
