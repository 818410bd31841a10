package com.gaterouter.common.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** API Gateway proxy events ↔ the core's request and response: the Lambda transport, buffered. */
public final class ApiGatewayMapping {

    private ApiGatewayMapping() {
    }

    public static ApiRequest toRequest(APIGatewayProxyRequestEvent event, Context context) {
        String body = event.getBody();
        byte[] bytes = body == null ? new byte[0]
                : Boolean.TRUE.equals(event.getIsBase64Encoded()) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId()
                : context != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        Long epochMillis = event.getRequestContext() == null ? null : event.getRequestContext().getRequestTimeEpoch();
        Instant receivedAt = epochMillis != null && epochMillis > 0 ? Instant.ofEpochMilli(epochMillis) : Instant.now();
        return new ApiRequest(event.getHttpMethod(), event.getPath(), event.getQueryStringParameters(), event.getHeaders(),
                bytes, requestId, receivedAt);
    }

    public static APIGatewayProxyResponseEvent toEvent(ApiResponse response) {
        return switch (response) {
            case ApiResponse.Buffered buffered -> buffered(buffered);
            case ApiResponse.Streamed streamed -> {
                BufferingSink sink = new BufferingSink();
                yield switch (streamed.events().writeTo(sink)) {
                    case StreamResult.NotStarted notStarted -> buffered(notStarted.response());
                    case StreamResult.Delivered delivered -> new APIGatewayProxyResponseEvent()
                            .withStatusCode(200)
                            .withHeaders(sink.headers)
                            .withBody(sink.body.toString(StandardCharsets.UTF_8));
                };
            }
        };
    }

    private static APIGatewayProxyResponseEvent buffered(ApiResponse.Buffered response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.bodyText());
    }

    /** Collects the whole SSE body: API Gateway's proxy integration returns it in one piece. */
    private static final class BufferingSink implements SseSink {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void open(Map<String, String> streamHeaders) {
            headers.putAll(streamHeaders);
            headers.put("content-type", "text/event-stream; charset=utf-8");
            headers.put("cache-control", "no-cache");
        }

        @Override
        public void event(String name, String data) {
            body.writeBytes(SseSink.frame(name, data));
        }
    }
}
