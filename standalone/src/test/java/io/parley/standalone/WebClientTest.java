package io.parley.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client (realtime-gateway's static assets) in real headless Chromium browsers against the whole app: each
 * test opens its browsers with {@link #browser}; they are closed after it, with a screenshot and their console each
 * when it failed. Skipped without Debian's chromium and chromium-driver.
 */
abstract class WebClientTest extends StandaloneTest {

    private final List<WebBrowser> browsers = new ArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback failureShots = context -> context.getExecutionException().ifPresent(failure -> {
        for (WebBrowser browser : browsers) {
            browser.shot("failure-" + context.getRequiredTestMethod().getName() + "-" + browser.who());
            browser.printConsole();
        }
    });

    @BeforeEach
    void requireChromium() throws IOException {
        assumeTrue(WebBrowser.available(), "Skipped: the web client tests need /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        Files.createDirectories(WebBrowser.SCREENSHOTS);
    }

    WebBrowser browser(String who) throws IOException {
        WebBrowser browser = new WebBrowser(who);
        browsers.add(browser);
        return browser;
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebBrowser::close);
        browsers.clear();
    }
}
