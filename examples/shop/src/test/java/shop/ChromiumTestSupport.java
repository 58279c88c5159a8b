package shop;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;


/**
 * A real shop and a headless Chromium (Debian's chromium and chromium-driver) for one test class, with the
 * helpers the JavaScript-on tests share. A marker set on {@code window} before a submit tells an in-place update
 * (the marker is still there) from a full page load (it is gone).
 */
abstract class ChromiumTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static TestShop shop;
    static Path profile;
    static ChromeDriverService service;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        shop = TestShop.start();
        profile = Files.createTempDirectory("chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath());
        // Both the driver and the browser are named explicitly, so Selenium Manager never runs (nothing is
        // downloaded and no statistics are sent).
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
        wait = new WebDriverWait(browser, TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try {
                if (service != null) {
                    service.stop();
                }
                if (profile != null) {
                    try (Stream<Path> all = Files.walk(profile)) {
                        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            } finally {
                if (shop != null) {
                    shop.close();
                }
            }
        }
    }

    /** Opens a page and waits until the client runtime (a module script, so deferred) has loaded. */
    static void open(String path) {
        browser.get(shop.client().base().resolve(path).toString());
        wait.until(d -> Boolean.TRUE.equals(js("return document.readyState === 'complete' && window.arbor !== undefined")));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Sets the marker that only a full page load removes. */
    static void mark() {
        js("window.arborMarker = 42");
        assertThat(marker()).isEqualTo(42L);
    }

    static Object marker() {
        return js("return window.arborMarker");
    }

    static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    static void type(String id, String text) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(text);
    }

    static void submit(String formSelector) {
        browser.findElement(By.cssSelector(formSelector + " button[type=submit]")).click();
    }

    static String path() {
        return (String) js("return location.pathname");
    }
}
