package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's notifications (issue 20, "Notifications"; issue 21's "opens the chat on click"): a sound for a
 * message in a chat that is not on screen (not for a muted chat, not for my own messages, not once I turned sounds
 * off), a muted chat marked in the list, and a notification that opens its chat when clicked, the page's and the service
 * worker's (for a push, delivered to its push handler). Bob and Carol write over HTTP; Alice uses a real headless
 * Chromium. Headless Chromium draws no notification to click: the tests dispatch the click event (the page's to its
 * Notification object, the worker's inside the worker through DevTools). Chromium refuses a worker's focus() and
 * openWindow() in a click it did not deliver itself, so those calls are recorded (what was asked) and their refusal
 * seen; the open tab is told which chat to open before focus() is asked. Screenshots go to target/screenshots/.
 */
class NotificationsWebClientTest extends WebClientTest {

    @Test
    void aSoundPlaysForAnotherChatButNotForAMutedOneMyOwnOrWhenSoundsAreOff() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();

        WebBrowser browser = aliceLooksAtBobsChat(chats);
        countTones(browser);

        send(chats.carol(), chats.withCarol(), "Dinner at eight?");
        send(chats.carol(), chats.withCarol(), "Or nine?");
        browser.waitText(listItem(chats.withCarol()) + " .conversation-preview", "Or nine?");
        browser.waitFor(d -> !playedTones(browser).isEmpty());
        Thread.sleep(300);
        assertThat(playedTones(browser)).as("one tone for the burst, from a running audio context").containsExactly("running");

        send(chats.bob(), chats.withBob(), "In the chat you are looking at");
        browser.waitMessages("Hi from Bob", "In the chat you are looking at");
        send(chats.alice(), chats.withCarol(), "Sent from my phone");
        browser.waitText(listItem(chats.withCarol()) + " .conversation-preview", "Sent from my phone");
        Thread.sleep(500);
        assertThat(playedTones(browser)).as("none for the open chat nor for my own message").hasSize(1);

        // muted: no sound, and the list says so
        browser.openChat(chats.withCarol());
        browser.click("#mute-chat");
        browser.waitFor(d -> "true".equals(d.findElement(By.id("mute-chat")).getDomAttribute("aria-pressed")));
        browser.openChat(chats.withBob());
        browser.waitFor(d -> !d.findElements(By.cssSelector(listItem(chats.withCarol()) + " .muted-marker")).isEmpty());
        assertThat(browser.find(listItem(chats.withCarol())).getDomAttribute("aria-label")).contains("muted");
        assertThat(browser.driver.findElements(By.cssSelector(listItem(chats.withBob()) + " .muted-marker"))).isEmpty();
        assertThat(browser.find(listItem(chats.withBob())).getDomAttribute("aria-label")).doesNotContain("muted");
        send(chats.carol(), chats.withCarol(), "Hello? Anyone?");
        browser.waitText(listItem(chats.withCarol()) + " .conversation-preview", "Hello? Anyone?");
        Thread.sleep(500);
        assertThat(playedTones(browser)).as("no sound for a muted chat").hasSize(1);
        browser.shot("notifications-01-muted-chat-marked");
        assertThat(seriousViolations(browser)).isEmpty();

        // unmuted again, but sounds turned off in this browser: silence, and it stays so after a reload
        browser.openChat(chats.withCarol());
        browser.click("#mute-chat");
        browser.waitFor(d -> "false".equals(d.findElement(By.id("mute-chat")).getDomAttribute("aria-pressed")));
        browser.openChat(chats.withBob());
        browser.waitFor(d -> d.findElements(By.cssSelector(listItem(chats.withCarol()) + " .muted-marker")).isEmpty());
        assertThat(browser.find("#sound-toggle").getDomAttribute("aria-pressed")).isEqualTo("true");
        browser.click("#sound-toggle");
        assertThat(browser.find("#sound-toggle").getDomAttribute("aria-pressed")).isEqualTo("false");
        send(chats.carol(), chats.withCarol(), "Still there?");
        browser.waitText(listItem(chats.withCarol()) + " .conversation-preview", "Still there?");
        Thread.sleep(500);
        assertThat(playedTones(browser)).as("no sound once sounds are off").hasSize(1);
        browser.shot("notifications-02-sounds-off");

        browser.driver.navigate().refresh();
        browser.waitUntilConnected();
        assertThat(browser.find("#sound-toggle").getDomAttribute("aria-pressed")).as("kept in this browser").isEqualTo("false");
        browser.click("#sound-toggle");
        countTones(browser);
        send(chats.carol(), chats.withCarol(), "Now you hear me");
        browser.waitFor(d -> playedTones(browser).size() == 1);
    }

    @Test
    void clickingANotificationOpensItsChat() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();

        WebBrowser browser = aliceLooksAtBobsChat(chats);
        allowNotifications(browser);
        send(chats.carol(), chats.withCarol(), "Dinner at eight?");
        browser.waitFor(d -> Boolean.TRUE.equals(browser.js("return window.shownNotifications.length === 1")));

        // headless Chromium draws no notification to click: the click is dispatched to the page's Notification object
        browser.js("window.shownNotifications[0].dispatchEvent(new Event('click'))");
        browser.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals(chats.carol().name()));
        browser.waitMessages("Hi from Carol", "Dinner at eight?");
        assertThat(browser.js("return new URLSearchParams(location.search).get('chat')")).isEqualTo(chats.withCarol());
        browser.shot("notifications-03-clicked-notification-opened-chat");
    }

    @Test
    void clickingThePushedNotificationOpensItsChatInTheTabOpenOnTheList() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();
        WebBrowser browser = signedIn(chats.alice());
        browser.waitText(listItem(chats.withCarol()) + " .conversation-preview", "Hi from Carol");
        try (DevToolsTarget worker = workerInstalled(browser)) {
            browser.js("window.workerMessages = [];"
                    + "navigator.serviceWorker.addEventListener('message', event => window.workerMessages.push(event.data));");
            assertThat(browser.find("#chat").isDisplayed()).as("the list, no chat open").isFalse();

            JsonNode shown = pushAndClick(worker, chats.withCarol(), chats.carol().name());
            assertThat(shown.path("title").asText()).isEqualTo(chats.carol().name());
            assertThat(shown.path("body").asText()).isEqualTo("New message");

            browser.waitFor(d -> d.findElement(By.id("chat")).isDisplayed()
                    && d.findElement(By.id("chat-name")).getText().equals(chats.carol().name()));
            browser.waitMessages("Hi from Carol");
            assertThat(browser.js("return new URLSearchParams(location.search).get('chat')")).isEqualTo(chats.withCarol());
            assertThat(browser.js("return window.workerMessages")).as("what the worker told the tab")
                    .isEqualTo(List.of(Map.of("type", "open-conversation", "conversationId", chats.withCarol())));
            JsonNode calls = workerCalls(worker, 2);
            assertThat(calls.get(0).path("postMessage").path("conversationId").asText()).isEqualTo(chats.withCarol());
            assertThat(calls.get(0).path("to").asText()).as("the open tab").startsWith("http://127.0.0.1:" + port + "/");
            assertThat(calls.get(1).path("focus").asText()).as("then brought forward").isEqualTo(calls.get(0).path("to").asText());
            // Chromium lets a worker focus a window only in a click the browser itself delivered
            assertThat(calls.get(1).path("result").asText()).isIn("ok", "InvalidAccessError: Not allowed to focus a window.");
            assertThat(calls.findValues("openWindow")).as("no second window").isEmpty();
            System.out.println("worker's calls for a click with the app open: " + calls);
            browser.shot("notifications-04-worker-click-opened-chat-in-open-tab");
        }
    }

    @Test
    void clickingThePushedNotificationWithNoTabOpenAsksForAWindowOnItsChat() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();
        WebBrowser browser = signedIn(chats.alice());
        try (DevToolsTarget worker = workerInstalled(browser)) {
            browser.driver.get("about:blank"); // the app's only tab gone: no window of the app's origin
            worker.evaluate(UNTIL_NO_WINDOW);

            pushAndClick(worker, chats.withCarol(), chats.carol().name());

            JsonNode calls = workerCalls(worker, 1);
            System.out.println("worker's calls for a click with no tab open: " + calls);
            assertThat(calls.findValues("postMessage")).isEmpty();
            String asked = calls.get(0).path("openWindow").asText();
            assertThat(asked).isEqualTo("/?chat=" + chats.withCarol());
            // Chromium lets a worker open a window only in a click the browser itself delivered: then the tab the
            // browser would open on that address, which opens the chat (the session is kept in the browser)
            assertThat(calls.get(0).path("result").asText()).isIn("InvalidAccessError: Not allowed to open a window.");
            browser.driver.get("http://127.0.0.1:" + port + asked);
            browser.waitUntilConnected();
            browser.waitFor(d -> d.findElement(By.id("chat")).isDisplayed()
                    && d.findElement(By.id("chat-name")).getText().equals(chats.carol().name()));
            browser.waitMessages("Hi from Carol");
            browser.shot("notifications-05-worker-click-address-opens-chat");
        }
    }

    // ------------------------------------------------------------ the service worker, driven through DevTools

    /**
     * The platform calls the worker's click handler makes, kept in self.calls with how each ended, and the
     * notifications the worker shows, in self.shown.
     */
    private static final String RECORD_CALLS = "self.calls = [];"
            + "const record = (call, promise) => { self.calls.push(call); return promise.then("
            + "  result => { call.result = result && result.url ? 'ok ' + result.url : 'ok'; return result; },"
            + "  error => { call.result = error.name + ': ' + error.message; throw error; }); };"
            // headless Chromium keeps a notification for a moment only: each is taken as soon as it is shown
            + "self.shown = []; const show = ServiceWorkerRegistration.prototype.showNotification;"
            + "ServiceWorkerRegistration.prototype.showNotification = function (title, options) {"
            + "  return show.call(this, title, options).then(() => this.getNotifications({tag: options.tag}))"
            + "    .then(shown => { self.shown.push(...shown); }); };"
            + "const postMessage = Client.prototype.postMessage;"
            + "Client.prototype.postMessage = function (message, ...rest) {"
            + "  self.calls.push({postMessage: message, to: this.url}); return postMessage.call(this, message, ...rest); };"
            + "const focus = WindowClient.prototype.focus;"
            + "WindowClient.prototype.focus = function () { return record({focus: this.url}, focus.call(this)); };"
            + "const openWindow = Clients.prototype.openWindow;"
            + "Clients.prototype.openWindow = function (url) { return record({openWindow: String(url)}, openWindow.call(this, url)); };"
            + "true";

    private static final String UNTIL_NO_WINDOW = "(async () => { for (let i = 0; i < 200; i++) {"
            + " if (!(await self.clients.matchAll({type: 'window', includeUncontrolled: true})).length) return true;"
            + " await new Promise(done => setTimeout(done, 50)); } throw new Error('a window is still open'); })()";

    /**
     * Notifications allowed, the page reloaded so the app installs its service worker, and that worker's DevTools
     * target with its click handler's calls recorded.
     */
    private DevToolsTarget workerInstalled(WebBrowser browser) throws Exception {
        ((ChromeDriver) browser.driver).executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", "http://127.0.0.1:" + port, "permissions", List.of("notifications")));
        browser.driver.navigate().refresh(); // with permission granted, the app installs its service worker at start
        browser.waitUntilConnected();
        browser.waitFor(d -> Boolean.TRUE.equals(browser.js("return !!navigator.serviceWorker.controller")));
        DevToolsTarget worker = DevToolsTarget.serviceWorker(browser);
        worker.evaluate(RECORD_CALLS);
        return worker;
    }

    /**
     * A push for a message in this chat, as the server sends it (PushNotificationTest), delivered to the worker's push
     * handler; then a click on the notification it showed. Headless Chromium draws no notification to click, and
     * DevTools has no command to click one: the worker is sent the NotificationEvent the browser would send. The
     * notification shown, as {title, body}.
     */
    private static JsonNode pushAndClick(DevToolsTarget worker, String conversationId, String senderName) throws Exception {
        String payload = new ObjectMapper().writeValueAsString(Map.of("type", "message", "conversationId", conversationId,
                "seq", 2, "senderName", senderName, "unread", 1));
        return worker.evaluate("(async () => {"
                + " self.dispatchEvent(new PushEvent('push', {data: " + new ObjectMapper().writeValueAsString(payload) + "}));"
                + " for (let i = 0; i < 200 && !self.shown.length; i++) await new Promise(done => setTimeout(done, 50));"
                + " const [shown] = self.shown;"
                + " if (!shown || shown.tag !== '" + conversationId + "') throw new Error('the push showed no notification for its chat');"
                + " self.dispatchEvent(new NotificationEvent('notificationclick', {notification: shown}));"
                + " return {title: shown.title, body: shown.body}; })()");
    }

    /** The worker's recorded calls, once there are this many and each has ended. */
    private static JsonNode workerCalls(DevToolsTarget worker, int count) throws Exception {
        long deadline = System.nanoTime() + WebBrowser.WAIT.toNanos();
        while (true) {
            JsonNode calls = worker.evaluate("self.calls");
            boolean ended = true;
            for (JsonNode call : calls) {
                ended &= call.has("postMessage") || call.has("result");
            }
            if (calls.size() >= count && ended) {
                return calls;
            }
            assertThat(System.nanoTime()).as("the worker's calls: %s", calls).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    // ------------------------------------------------------------ instruments in the page

    /** Each tone the page starts (a Web Audio oscillator) is kept in window.playedTones as its context's state. */
    private static void countTones(WebBrowser browser) {
        browser.js("window.playedTones = []; const start = OscillatorNode.prototype.start;"
                + "OscillatorNode.prototype.start = function (...args) {"
                + " window.playedTones.push(this.context.state); return start.apply(this, args); };");
    }

    @SuppressWarnings("unchecked")
    private static List<String> playedTones(WebBrowser browser) {
        return (List<String>) browser.js("return window.playedTones");
    }

    /** Notifications allowed for the page, and each one it shows kept in window.shownNotifications. */
    private void allowNotifications(WebBrowser browser) {
        ((ChromeDriver) browser.driver).executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", "http://127.0.0.1:" + port, "permissions", List.of("notifications")));
        browser.js("window.shownNotifications = []; const Shown = window.Notification;"
                + "window.Notification = class extends Shown { constructor(title, options) {"
                + " super(title, options); window.shownNotifications.push(this); } };");
    }

    private static String listItem(String conversationId) {
        return "#conversation-list [data-id='" + conversationId + "']";
    }

    /** axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is: the serious and critical violations. */
    private static List<String> seriousViolations(WebBrowser browser) {
        var results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(browser.driver);
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> rule.getId() + " (" + rule.getImpact() + ") " + rule.getNodes().stream()
                        .map(node -> node.getTarget() + " " + node.getFailureSummary()).toList())
                .toList();
    }
}
