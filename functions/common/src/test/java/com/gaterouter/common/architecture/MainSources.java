package com.gaterouter.common.architecture;

import com.gaterouter.common.testing.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The production Java sources of every module under {@code functions/}, for tests that hold them to a rule. */
final class MainSources {

    private MainSources() {
    }

    static Path root() {
        return RepositoryRoot.locate();
    }

    /** Every {@code .java} file under {@code functions/<module>/src/main/java}, as paths relative to the repository root. */
    static List<Path> all() {
        Path root = root();
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(MainSources::javaFiles).map(root::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path with forward slashes, whatever the platform. */
    static String unix(Path path) {
        return path.toString().replace('\\', '/');
    }

    private static Stream<Path> javaFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
