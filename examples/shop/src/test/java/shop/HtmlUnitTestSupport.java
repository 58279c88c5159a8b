package shop;

import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real shop for one test class and a fresh HtmlUnit browser with JavaScript off for each test: the shop as
 * a browser without scripts sees it, plain form posts and full page loads.
 */
abstract class HtmlUnitTestSupport {
    static TestShop shop;
    WebClient browser;

    @BeforeAll
    static void startShop() {
        shop = TestShop.start();
    }

    @AfterAll
    static void stopShop() throws Exception {
        shop.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setCssEnabled(false);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    HtmlPage open(String path) throws Exception {
        return browser.getPage(shop.client().base().resolve(path).toURL());
    }
}
