package com.gaterouter.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The admin API's successful answers: single entities with their ETag, and pages of lists. */
public final class Responses {

    private Responses() {
    }

    /** One entity; its {@code version} becomes the {@code ETag} that {@code If-Match} takes back. */
    public static ApiResponse entity(AdminCall call, int status, ObjectNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", call.requestId());
        headers.put("cache-control", "no-store");
        if (body.hasNonNull("version")) {
            headers.put("etag", "\"" + body.get("version").asLong() + "\"");
        }
        return ApiResponse.json(status, headers, body.toString());
    }

    /** The answer to a PUT ({@link Versioned#upsert}): 201 with the entity when it created it, else 200. */
    public static <T extends AccountEntity> ApiResponse upserted(AdminCall call, Versioned.Upserted<T> put, Function<T, ObjectNode> render) {
        return entity(call, put.created() ? 201 : 200, render.apply(put.entity()));
    }

    /** A page of a list; its {@code nextToken} is sealed to the list ({@link PageTokens}). */
    public static <T> ApiResponse page(AdminCall call, Page<T> page, Function<T, ObjectNode> render) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        page.items().forEach(item -> data.add(render.apply(item)));
        Optional<String> next = call.nextToken(page);
        if (next.isPresent()) {
            body.put("nextToken", next.get());
        } else {
            body.putNull("nextToken");
        }
        return ApiResponse.json(200, Map.of("x-request-id", call.requestId(), "cache-control", "no-store"), body.toString());
    }
}
