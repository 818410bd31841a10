package com.gaterouter.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where template.yaml (the single source of table, bus and secret definitions) lives. */
public final class RepositoryRoot {

    /** Set by the root pom's surefire/failsafe configuration. */
    public static final String PROPERTY = "gaterouter.root";
    public static final String TEMPLATE = "template.yaml";

    private RepositoryRoot() {
    }

    /**
     * {@code -Dgaterouter.root} when set (a wrong value fails rather than quietly finding some other
     * template), else the nearest directory at or above the working directory holding template.yaml
     * (IDE runs).
     */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && !configured.contains("${")) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve(TEMPLATE))) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " has no " + TEMPLATE);
            }
            return root;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(TEMPLATE))) {
                return directory;
            }
        }
        throw new IllegalStateException("No " + TEMPLATE + " in " + start + " or above; set -D" + PROPERTY);
    }

    public static Path template() {
        return locate().resolve(TEMPLATE);
    }
}
