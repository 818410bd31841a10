package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.router.lifecycle.Endpoint;
import com.gaterouter.router.lifecycle.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The app API's routes are one list: every route docs/api.md documents reaches its endpoint in
 * {@link RouterApp} (none falls through to {@code unknown_route}), every endpoint is documented, and
 * every {@link Endpoint} of the request lifecycle is one of RouterApp's routes, counted under its label,
 * the label the metrics documentation lists.
 */
class RouterAppEndpointsTest {

    /** A row of api.md's route table: {@code | `POST /v1/chat/completions` | …}. */
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE|OPTIONS) (/v1/[^`]*)` \\|",
            Pattern.MULTILINE);

    @Test
    void everyDocumentedRouteReachesAnEndpointAndEveryEndpointIsDocumented() throws Exception {
        String api = Files.readString(RepositoryRoot.locate().resolve("docs/api.md"));
        Set<RouterApp.Endpoint> documented = EnumSet.noneOf(RouterApp.Endpoint.class);
        Matcher row = DOCUMENTED.matcher(api);
        while (row.find()) {
            String path = row.group(2).replace("{model}", "openai/gpt-4o-mini").replace("…", "chat/completions");
            RouterApp.Endpoint endpoint = RouterApp.Endpoint.of(row.group(1), path);
            assertThat(endpoint).as(row.group(1) + " " + row.group(2) + " is routed").isNotEqualTo(RouterApp.Endpoint.UNKNOWN);
            documented.add(endpoint);
        }
        assertThat(documented).as("every route of RouterApp has its row in docs/api.md")
                .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(RouterApp.Endpoint.UNKNOWN)));
    }

    /** docs/openapi/app-v1.yaml documents exactly the routes RouterApp serves (the preflight aside). */
    @Test
    void theOpenApiDocumentDescribesExactlyTheseRoutes() throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        var paths = yaml.readTree(RepositoryRoot.locate().resolve("docs/openapi/app-v1.yaml").toFile()).path("paths");
        List<String> documented = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Arrays.stream(RouterApp.Endpoint.values())
                .filter(e -> e.route != null).map(e -> e.route).toList());
    }

    @Test
    void everyMetricsLabelIsTheOneTheMetricsDocumentationLists() throws Exception {
        String local = Files.readString(RepositoryRoot.locate().resolve("docs/local-gateway.md"));
        Matcher sentence = Pattern.compile("`endpoint` is one of ([^—]*)—").matcher(local);
        assertThat(sentence.find()).as("docs/local-gateway.md lists the endpoint labels").isTrue();
        List<String> listed = Pattern.compile("`([a-z._]+)`").matcher(sentence.group(1)).results().map(m -> m.group(1)).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(Arrays.stream(RouterApp.Endpoint.values()).map(e -> e.label).toList());
    }

    @Test
    void everyLifecycleEndpointIsARouteOfRouterAppCountedUnderItsLabel() throws Exception {
        Path main = RepositoryRoot.locate().resolve("functions/router/src/main/java");
        List<String> labels = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                if (!source.matches("(?s).*\\bclass \\w+ implements (Chat)?Endpoint<.*")) {
                    continue;
                }
                String className = main.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                Class<?> type = Class.forName(className);
                assertThat(Endpoint.class).as(className).isAssignableFrom(type);
                labels.add(((Route) type.getField("ROUTE").get(null)).label());
            }
        }
        assertThat(labels).as("the lifecycle's endpoints").contains("chat.completions", "embeddings", "messages", "responses");
        assertThat(Arrays.stream(RouterApp.Endpoint.values()).map(e -> e.label)).containsAll(labels);
    }
}
