package com.gaterouter.common.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An SDK HTTP client that refuses every request and remembers where each was going: the network
 * for tests proving that something (SnapStart priming) never leaves the process.
 */
public final class RefusingHttpClient implements SdkHttpClient {

    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        requests.add(request.httpRequest().getUri().toString());
        throw new IllegalStateException("priming must not reach the network");
    }

    /** The URIs of the requests refused so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
    }
}
