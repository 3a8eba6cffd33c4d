package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client against WCAG 2.2 AA (issue 20, item 10): axe-core's WCAG 2.0/2.1/2.2 A and AA rules on every screen
 * the client has, light and dark, desktop and phone width, with no violation of any impact; and a keyboard-only walk
 * from signing in to sending a message with an attachment and opening its menu, each focused element's focus ring
 * on screen. What axe-core cannot check (wording a screen reader announces, zoom to 400%, …) is in README's web client
 * section. Screenshots go to target/screenshots/.
 */
class AccessibilityWebClientTest extends WebClientTest {

    private static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    @Test
    void everyScreenMeetsWcag22AaWithNoViolationOfAnyImpact() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        Person dave = person("dave");
        String withBob = direct(bob, alice);
        send(bob, withBob, "Hello Alice, how are you?");
        long mine = send(alice, withBob, "Fine, and you? https://example.org");
        assertThat(client.post("/api/v1/conversations/" + withBob + "/messages", bob.token(), Map.of(
                "clientMessageId", java.util.UUID.randomUUID().toString(), "text", "Good!", "replyTo", mine)).status())
                .isEqualTo(201);
        assertThat(client.put("/api/v1/conversations/" + withBob + "/messages/" + mine + "/reaction", bob.token(),
                Map.of("emoji", "👍")).status()).isEqualTo(204);
        long oops = send(bob, withBob, "Oops, wrong chat");
        assertThat(client.delete("/api/v1/conversations/" + withBob + "/messages/" + oops, bob.token()).status()).isEqualTo(204);
        send(bob, withBob, "See you at eight");
        String withCarol = direct(carol, alice);
        send(carol, withCarol, "Dinner tomorrow?");
        String request = client.post("/api/v1/conversations/direct", dave.token(), Map.of("peerUserId", alice.id()))
                .text("conversationId");
        send(dave, request, "Hi, we met at the conference");
        ParleyClient.Response created = client.post("/api/v1/conversations/groups", alice.token(),
                Map.of("title", "Picnic", "memberIds", List.of(bob.id(), carol.id())));
        assertThat(created.status()).isEqualTo(201);
        String group = created.text("conversationId");
        send(carol, group, "I bring the cake");
        assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + carol.id(), alice.token()).status())
                .isEqualTo(204);
        send(bob, group, "Who brings the blanket?");

        List<String> violations = new ArrayList<>();
        WebBrowser browser = browser("alice");
        browser.open(port);
        violations.addAll(violations(browser, "sign-in"));
        browser.click("#tab-register");
        browser.type("#auth-username", "x", Keys.ENTER);
        browser.waitFor(d -> !d.findElement(By.id("auth-error")).getText().isEmpty());
        browser.shot("a11y-01-sign-up-error");
        violations.addAll(violations(browser, "sign-up error"));

        browser.signIn(port, alice.name());
        browser.waitText("#conversation-list .conversation-preview", "Hi, we met");
        browser.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list .badge")).isEmpty());
        browser.shot("a11y-02-list");
        violations.addAll(violations(browser, "list with unread badges and a request"));

        browser.openChat(withBob);
        browser.waitText("#message-items .tombstone", "deleted");
        browser.waitText("#message-items .quote", "Fine, and you?");
        browser.waitText("#message-items .reaction-chip", "👍");
        browser.say("On my way");
        browser.waitStatus("On my way", "sent", "delivered", "read");
        violations.addAll(violations(browser, "direct chat: ticks, quote, reaction, tombstone"));
        openMenu(browser, "See you at eight");
        browser.shot("a11y-03-chat-menu");
        violations.addAll(violations(browser, "message menu"));
        browser.type("#message-input", Keys.ESCAPE);
        browser.js("document.querySelectorAll('details.msg-menu[open]').forEach(d => d.removeAttribute('open'))");
        browser.click("#emoji-button");
        browser.waitFor(d -> d.findElement(By.id("emoji-panel")).isDisplayed());
        violations.addAll(violations(browser, "emoji picker"));
        browser.type("#message-input", Keys.ESCAPE);
        openMenu(browser, "See you at eight");
        browser.click("#message-items .msg-menu[open] .menu-item.forward");
        browser.waitFor(d -> d.findElement(By.id("forward-dialog")).isDisplayed());
        violations.addAll(violations(browser, "forward dialog"));
        active(browser).sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> !d.findElement(By.id("forward-dialog")).isDisplayed());

        // an image of mine, and the viewer
        Path png = WebBrowser.png(Files.createTempFile("photo", ".png"), 320, 200);
        browser.find("#file-input").sendKeys(png.toAbsolutePath().toString());
        browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));
        violations.addAll(violations(browser, "composer with an attachment"));
        browser.say("A photo");
        browser.waitFor(d -> Boolean.TRUE.equals(browser.js(
                "return !!document.querySelector('#message-items .msg.out .media img.thumbnail')?.getAttribute('src')")));
        browser.click("#message-items .msg.out .media .thumbnail-button");
        browser.waitFor(d -> d.findElement(By.id("viewer")).isDisplayed());
        violations.addAll(violations(browser, "image viewer"));
        active(browser).sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> !d.findElement(By.id("viewer")).isDisplayed());

        browser.openChat(group);
        browser.waitFor(d -> !d.findElements(By.cssSelector("#message-items .system")).isEmpty());
        violations.addAll(violations(browser, "group chat with system lines"));
        browser.click("#chat-info");
        browser.waitFor(d -> d.findElement(By.id("group-settings-form")).isDisplayed());
        browser.shot("a11y-04-group-info-as-admin");
        violations.addAll(violations(browser, "group info and settings, as admin"));
        browser.type("#info-dialog", Keys.ESCAPE);

        browser.click("#new-chat");
        browser.type("#new-chat-username", "nobody_here", Keys.ENTER);
        browser.waitText("#new-chat-form .error", "no user");
        violations.addAll(violations(browser, "new chat dialog with its error"));
        browser.type("#new-chat-username", Keys.ESCAPE);
        browser.click("#new-group");
        browser.type("#new-group-members", "bo");
        browser.waitText("#member-suggestions [role=option]", bob.name());
        violations.addAll(violations(browser, "new group dialog with suggestions"));
        browser.type("#new-group-members", Keys.ESCAPE);
        browser.js("document.querySelectorAll('dialog[open]').forEach(d => d.close())");

        browser.driver.manage().window().setSize(new Dimension(390, 844));
        browser.click("#back");
        browser.waitFor(d -> d.findElement(By.id("sidebar")).isDisplayed());
        violations.addAll(violations(browser, "phone list"));
        browser.openChat(withBob);
        violations.addAll(violations(browser, "phone chat"));
        browser.click("#back");
        browser.waitFor(d -> d.findElement(By.id("sidebar")).isDisplayed());

        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        violations.addAll(violations(browser, "dark phone list"));
        browser.driver.manage().window().setSize(new Dimension(1200, 800));
        browser.openChat(withBob);
        browser.waitText("#message-items .tombstone", "deleted");
        browser.shot("a11y-05-dark-chat");
        violations.addAll(violations(browser, "dark chat"));
        openMenu(browser, "See you at eight");
        violations.addAll(violations(browser, "dark message menu"));
        browser.js("document.querySelectorAll('details.msg-menu[open]').forEach(d => d.removeAttribute('open'))");
        browser.openChat(group);
        browser.click("#chat-info");
        browser.waitFor(d -> d.findElement(By.id("group-settings-form")).isDisplayed());
        violations.addAll(violations(browser, "dark group info"));
        browser.type("#info-dialog", Keys.ESCAPE);
        browser.click("#logout");
        browser.waitFor(d -> d.findElement(By.id("auth-view")).isDisplayed());
        browser.click("#tab-register");
        browser.type("#auth-username", "x", Keys.ENTER);
        browser.waitFor(d -> !d.findElement(By.id("auth-error")).getText().isEmpty());
        violations.addAll(violations(browser, "dark sign-up error"));

        assertThat(violations).as("axe-core: WCAG 2.2 A/AA violations, any impact").isEmpty();
    }

    @Test
    void aKeyboardAloneSignsInSendsAnAttachmentAndOpensAMessageMenu() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        String chat = direct(bob, alice);
        send(bob, chat, "Send me the photo?");

        WebBrowser browser = browser("alice");
        browser.open(port);
        List<String> walk = new ArrayList<>();
        tabTo(browser, walk, e -> "auth-username".equals(e.getDomAttribute("id")));
        active(browser).sendKeys(alice.name());
        tabTo(browser, walk, e -> "auth-password".equals(e.getDomAttribute("id")));
        active(browser).sendKeys("correct horse", Keys.ENTER);
        browser.waitUntilConnected();

        tabTo(browser, walk, e -> chat.equals(e.getDomAttribute("data-id")));
        active(browser).sendKeys(Keys.ENTER);
        browser.waitMessages("Send me the photo?");

        // the attach button opens the browser's file chooser (a file input's click); the file is then given to the
        // input as the chooser would (a native dialog is out of a page test's reach)
        browser.js("window.chooserOpened = 0;"
                + "document.getElementById('file-input').addEventListener('click', () => window.chooserOpened++)");
        tabTo(browser, walk, e -> "attach".equals(e.getDomAttribute("id")));
        active(browser).sendKeys(Keys.ENTER);
        assertThat(browser.js("return window.chooserOpened")).as("Enter on Attach opens the chooser").isEqualTo(1L);
        Path png = WebBrowser.png(Files.createTempFile("by-keyboard", ".png"), 320, 200);
        browser.find("#file-input").sendKeys(png.toAbsolutePath().toString());
        browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));

        tabTo(browser, walk, e -> "message-input".equals(e.getDomAttribute("id")));
        active(browser).sendKeys("Here it is", Keys.ENTER);
        browser.waitFor(d -> browser.messageTexts().contains("Here it is")
                && !d.findElements(By.cssSelector("#message-items .msg.out .media")).isEmpty());
        browser.waitStatus("Here it is", "sent", "delivered", "read");

        // back from the composer to the menu button of the photo just sent; Enter opens it, arrows move in it, Escape
        // closes it
        shiftTabTo(browser, walk, e -> Boolean.TRUE.equals(browser.js("return arguments[0].matches('summary')"
                + " && !!arguments[0].closest('.msg.out')?.textContent.includes('Here it is')", e)));
        active(browser).sendKeys(Keys.ENTER);
        browser.waitFor(d -> !d.findElements(By.cssSelector("#message-items .msg-menu[open]")).isEmpty());
        browser.shot("a11y-06-keyboard-menu-open");
        active(browser).sendKeys(Keys.ARROW_DOWN);
        assertThat(browser.js("return document.activeElement.closest('[role=menu]') !== null")).as("in the menu").isEqualTo(true);
        assertFocusVisible(browser, walk);
        active(browser).sendKeys(Keys.ARROW_DOWN);
        assertFocusVisible(browser, walk);
        active(browser).sendKeys(Keys.ESCAPE);
        browser.waitFor(d -> d.findElements(By.cssSelector("#message-items .msg-menu[open]")).isEmpty());
        assertThat(browser.js("return document.activeElement.matches('.msg-menu summary')")).as("focus back on the menu button")
                .isEqualTo(true);
        System.out.println("keyboard walk: " + walk);
    }

    // ------------------------------------------------------------ the keyboard walk

    private static WebElement active(WebBrowser browser) {
        return browser.driver.switchTo().activeElement();
    }

    private static void tabTo(WebBrowser browser, List<String> walk, Predicate<WebElement> target) {
        press(browser, walk, target, Keys.TAB);
    }

    private static void shiftTabTo(WebBrowser browser, List<String> walk, Predicate<WebElement> target) {
        press(browser, walk, target, Keys.chord(Keys.SHIFT, Keys.TAB));
    }

    /** Presses the key until the target has focus, each element on the way visibly focused. */
    private static void press(WebBrowser browser, List<String> walk, Predicate<WebElement> target, CharSequence key) {
        if (target.test(active(browser))) {
            return;
        }
        for (int presses = 0; presses < 60; presses++) {
            active(browser).sendKeys(key);
            if (Boolean.TRUE.equals(browser.js("return document.activeElement === document.body"))) {
                walk.add("(the browser's own controls)"); // past the page's last element: the next press comes back
                continue;
            }
            assertFocusVisible(browser, walk);
            if (target.test(active(browser))) {
                return;
            }
        }
        throw new AssertionError("never reached by keyboard; the walk: " + walk);
    }

    /**
     * The focused element shows a focus ring (an outline or a box shadow) that is wholly on screen: inside the viewport
     * and not cut by an ancestor that clips its overflow.
     */
    private static void assertFocusVisible(WebBrowser browser, List<String> walk) {
        @SuppressWarnings("unchecked")
        Map<String, Object> focus = (Map<String, Object>) browser.js("const e = document.activeElement;"
                + "const s = getComputedStyle(e);"
                + "const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('aria-label') ? '[' + e.getAttribute('aria-label') + ']' : '');"
                + "const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;"
                + "const ring = outline ? Math.max(0, parseFloat(s.outlineWidth) + (parseFloat(s.outlineOffset) || 0)) : 0;"
                + "const shadow = s.boxShadow !== 'none';"
                + "const r = e.getBoundingClientRect();"
                + "const box = {left: r.left - ring, top: r.top - ring, right: r.right + ring, bottom: r.bottom + ring};"
                + "const problems = [];"
                + "if (!outline && !shadow) problems.push('no focus ring');"
                + "if (r.width === 0 || r.height === 0) problems.push('not drawn');"
                + "if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight) problems.push('outside the viewport ' + JSON.stringify(box));"
                + "for (let a = e.parentElement; a; a = a.parentElement) {"
                + "  const as = getComputedStyle(a);"
                + "  if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;"
                + "  const c = a.getBoundingClientRect();"
                + "  const clip = {left: c.left + a.clientLeft, top: c.top + a.clientTop,"
                + "    right: c.left + a.clientLeft + a.clientWidth, bottom: c.top + a.clientTop + a.clientHeight};"
                + "  if (box.left < clip.left - 0.5 || box.top < clip.top - 0.5 || box.right > clip.right + 0.5 || box.bottom > clip.bottom + 0.5)"
                + "    problems.push('clipped by ' + a.tagName.toLowerCase() + (a.id ? '#' + a.id : '.' + a.className));"
                + "}"
                + "return {name, problems};");
        walk.add((String) focus.get("name"));
        assertThat((List<?>) focus.get("problems")).as("focus on %s; the walk: %s", focus.get("name"), walk).isEmpty();
    }

    // ------------------------------------------------------------ axe-core

    /** axe-core's WCAG 2.2 A and AA rules on the page as it is: every violation, described. */
    private static List<String> violations(WebBrowser browser, String where) {
        var results = new com.deque.html.axecore.selenium.AxeBuilder().withTags(WCAG_22_AA).analyze(browser.driver);
        List<String> found = results.getViolations().stream()
                .map(rule -> where + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getNodes().stream()
                        .map(node -> node.getTarget() + " " + node.getFailureSummary()).toList())
                .toList();
        found.forEach(violation -> System.out.println("axe-core: " + violation));
        return found;
    }
}
