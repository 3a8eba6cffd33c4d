package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's push side in a real headless Chromium: notification permission is not asked on load, only from
 * the bell button shown once signed in; pressing it (permission granted) installs the service worker (sw.js) and the
 * button goes. The browser's own push subscription cannot complete here (no push service is reachable), and a push
 * delivered through the DevTools protocol showed no notification in headless mode: the push payload itself is proven
 * by PushNotificationTest.
 */
class PushServiceWorkerE2ETest extends WebClientTest {

    @Test
    void permissionIsAskedFromTheBellButtonWhichInstallsTheServiceWorker() throws Exception {
        WebBrowser bob = browser("bob-push");
        bob.open(port);
        assertThat(serviceWorker(bob)).as("nothing installed before sign-in").isFalse();
        bob.register(uniqueName("bob"), "Bob");

        bob.waitFor(d -> d.findElement(By.id("enable-notifications")).isDisplayed());
        assertThat(bob.js("return Notification.permission")).as("not asked on load").isEqualTo("default");
        assertThat(serviceWorker(bob)).isFalse();

        ((ChromeDriver) bob.driver).executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", "http://127.0.0.1:" + port, "permissions", List.of("notifications")));
        bob.click("#enable-notifications");

        bob.waitFor(d -> !d.findElement(By.id("enable-notifications")).isDisplayed());
        bob.waitFor(d -> serviceWorker(bob));
        assertThat(bob.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
    }

    /** Whether the app's service worker is active. */
    private static boolean serviceWorker(WebBrowser browser) {
        Object active = ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.serviceWorker.getRegistration('/')"
                        + ".then(r => done(!!(r && r.active && r.active.scriptURL.endsWith('/sw.js'))), () => done(false));");
        return Boolean.TRUE.equals(active);
    }
}
