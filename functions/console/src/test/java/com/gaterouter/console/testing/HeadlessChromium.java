package com.gaterouter.console.testing;

import com.gaterouter.common.testing.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's Chromium, headless, driven by its own chromedriver (Debian: {@code apt-get install
 * chromium chromium-driver}): no browser or driver is downloaded, Selenium Manager never runs. The
 * paths come from {@code CHROMIUM} and {@code CHROMEDRIVER} when set, else from PATH ({@code chromium}
 * or {@code google-chrome}, {@code chromedriver}). Missing: the test is skipped locally and fails
 * under {@code CI=true} ({@link TestHost#missingPrerequisite}).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** A laptop screen, as the issue asks the console to work at. */
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    /** A phone-sized screen (an iPhone 14's CSS pixels). */
    public static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static HeadlessChromium start() {
        return start(null);
    }

    /** @param downloads where the browser saves downloads without asking; null: the browser's default */
    public static HeadlessChromium start(Path downloads) {
        Path browser = locate("CHROMIUM", List.of("chromium", "chromium-browser", "google-chrome"));
        Path chromedriver = locate("CHROMEDRIVER", List.of("chromedriver"));
        Path profile;
        try {
            profile = Files.createTempDirectory("gaterouter-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--lang=en-US", "--user-data-dir=" + profile);
        if (downloads != null) {
            options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(DESKTOP);
        return new HeadlessChromium(driver, profile);
    }

    private static Path locate(String variable, List<String> commands) {
        Optional<Path> given = Optional.ofNullable(System.getenv(variable)).filter(v -> !v.isBlank()).map(Path::of);
        if (given.isPresent()) {
            return given.get();
        }
        for (String command : commands) {
            Optional<Path> found = TestHost.findOnPath(command);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw TestHost.missingPrerequisite(commands.get(0) + " is not on PATH and " + variable
                + " is not set (Debian: apt-get install chromium chromium-driver)", TestHost.isCi());
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Resizes the window so the layout at {@code size} is what the next screenshot shows. */
    public void size(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /**
     * A PNG of the whole page (the window grown to the document's height, then restored), written to
     * {@code file}.
     */
    public void screenshot(Path file) {
        Dimension before = driver.manage().window().getSize();
        driver.executeScript("window.scrollTo(0, 0)");
        Object height = driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        int full = Math.min(6000, Math.max(before.getHeight(), ((Number) height).intValue() + 90));
        driver.manage().window().setSize(new Dimension(before.getWidth(), full));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp profile left behind is harmless
            }
        }
    }
}
