package io.parley.standalone;

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
 * worker's. Bob and Carol write over HTTP; Alice uses a real headless Chromium. Headless Chromium draws no notification
 * to click: the tests dispatch the click event (the page's to its Notification object, the worker's inside the worker
 * through DevTools), so the worker's focus() and openWindow(), which need a real click, are not exercised.
 * Screenshots go to target/screenshots/.
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
    void clickingTheServiceWorkersNotificationOpensItsChatInTheOpenApp() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();

        WebBrowser browser = aliceLooksAtBobsChat(chats);
        ChromeDriver chrome = (ChromeDriver) browser.driver;
        chrome.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", "http://127.0.0.1:" + port, "permissions", List.of("notifications")));
        browser.driver.navigate().refresh(); // with permission granted, the app installs its service worker at start
        browser.waitUntilConnected();
        browser.waitFor(d -> Boolean.TRUE.equals(browser.js("return !!navigator.serviceWorker.controller")));

        // a notification as the worker shows it for a push, then the worker's notificationclick for it; headless
        // Chromium draws no notification to click, so the event is dispatched inside the worker through DevTools
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) chrome.executeCdpCommand("Target.getTargets", Map.of())
                .get("targetInfos");
        String worker = targets.stream().filter(t -> "service_worker".equals(t.get("type"))).map(t -> (String) t.get("targetId"))
                .findFirst().orElseThrow();
        String session = (String) chrome.executeCdpCommand("Target.attachToTarget", Map.of("targetId", worker, "flatten", false))
                .get("sessionId");
        String script = "self.registration.showNotification('Carol', {tag: '" + chats.withCarol() + "', data: {conversationId: '"
                + chats.withCarol() + "'}}).then(() => self.registration.getNotifications()).then(shown => {"
                + " self.shownCount = shown.length;"
                + " self.dispatchEvent(new NotificationEvent('notificationclick', {notification: shown[0]})); })";
        chrome.executeCdpCommand("Target.sendMessageToTarget", Map.of("sessionId", session, "message",
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                        Map.of("id", 1, "method", "Runtime.evaluate", "params", Map.of("expression", script)))));

        browser.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals(chats.carol().name()));
        browser.waitMessages("Hi from Carol");
        assertThat(browser.js("return new URLSearchParams(location.search).get('chat')")).isEqualTo(chats.withCarol());
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
