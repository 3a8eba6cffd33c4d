package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client (realtime-gateway's static assets) end to end in a real headless Chromium: two browsers, alice and
 * bob, each with its own ChromeDriver and profile. Needs Debian's chromium and chromium-driver; skipped without them.
 * Screenshots of the key screens go to target/screenshots/.
 */
class WebClientE2ETest extends WebClientTest {

    @Test
    void aliceAndBobChatInTheBrowser() throws Exception {
        WebBrowser alice = browser("alice");
        WebBrowser bob = browser("bob");
        scenario(alice, bob, uniqueName("alice"), uniqueName("bob"));
        // the Content-Security-Policy let everything the scenario needed through: nothing refused
        assertThat(alice.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
        assertThat(bob.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
    }

    private void scenario(WebBrowser alice, WebBrowser bob, String aliceName, String bobName) throws Exception {
        {
            // register, both
            alice.open(port);
            alice.shot("01-sign-in");
            alice.register(aliceName, "Alice");
            bob.open(port);
            bob.register(bobName, "Bob");
            alice.shot("02-empty-list");

            // alice starts a direct chat by username and says hi
            alice.click("#new-chat");
            alice.type("#new-chat-username", bobName);
            alice.shot("03-new-chat-dialog");
            // bob's account reaches the read model a moment after he registered: like a person, try again when told
            // there is no such user (yet)
            for (int attempt = 1; ; attempt++) {
                alice.type("#new-chat-username", Keys.ENTER);
                boolean opened = alice.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals("Bob")
                        || d.findElement(By.cssSelector("#new-chat-form .error")).getText().contains("no user"));
                if (opened && alice.text("#chat-name").equals("Bob")) {
                    break;
                }
                assertThat(attempt).as("bob never became known to the user lookup").isLessThan(5);
            }
            alice.say("Hi Bob!");
            alice.waitStatus("Hi Bob!", "sent", "delivered");

            // bob: the chat is in his list, unread, with a preview
            bob.waitFor(d -> d.findElements(By.cssSelector("#conversation-list .badge")).stream()
                    .anyMatch(badge -> badge.getText().equals("1")));
            bob.waitText("#conversation-list .conversation-preview", "Hi Bob!");
            bob.shot("04-bob-list-unread");

            // bob opens it: a message request (they never talked), so alice sees no blue ticks until bob accepts it
            bob.click("#conversation-list .conversation");
            bob.waitMessages("Hi Bob!");
            acceptRequest(bob);
            alice.waitStatus("Hi Bob!", "read");
            assertThat(alice.lastTicks("Hi Bob!").getCssValue("color")).isEqualTo("rgba(2, 126, 181, 1)"); // 4:1 on a bubble
            alice.shot("05-alice-read-receipt");

            // typing: bob sees alice typing, then the message
            alice.type("#message-input", "Are you there?");
            bob.waitText("#chat-status", "typing");
            bob.shot("06-bob-sees-typing");
            alice.type("#message-input", Keys.ENTER);
            bob.waitMessages("Hi Bob!", "Are you there?");
            bob.waitFor(d -> !d.findElement(By.id("chat-status")).getText().contains("typing"));
            bob.say("Hello Alice! Yes, here.");
            alice.waitMessages("Hi Bob!", "Are you there?", "Hello Alice! Yes, here.");
            alice.waitStatus("Are you there?", "read");

            // bob goes offline; alice sends three messages, each stored (✓) but not delivered
            bob.js("window.parley.goOffline()");
            bob.waitFor(d -> d.findElement(By.id("banner")).isDisplayed());
            assertThat(bob.text("#banner")).contains("Reconnecting");
            alice.waitText("#chat-status", "last seen today at");
            for (int i = 1; i <= 3; i++) {
                alice.say("While you were away " + i);
            }
            for (int i = 1; i <= 3; i++) {
                alice.waitStatus("While you were away " + i, "sent");
            }
            bob.shot("07-bob-offline-banner");
            alice.shot("08-alice-sent-while-bob-offline");
            assertThat(bob.messageTexts()).doesNotContain("While you were away 1");

            // bob comes back: he gets exactly what he missed, in order, no duplicates, and alice sees it read
            bob.js("window.parley.goOnline()");
            bob.waitFor(d -> !d.findElement(By.id("banner")).isDisplayed());
            bob.waitMessages("Hi Bob!", "Are you there?", "Hello Alice! Yes, here.",
                    "While you were away 1", "While you were away 2", "While you were away 3");
            alice.waitStatus("While you were away 3", "read");
            // presence: both see each other online now (see the note on presence for new contacts in the report)
            alice.waitText("#chat-status", "online");
            bob.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list .presence-dot.online")).isEmpty());
            bob.shot("09-bob-back-online");

            // alice sends a photo: upload with progress, then bob sees its thumbnail
            Path png = WebBrowser.png(Files.createTempFile("holiday", ".png"), 960, 640);
            alice.find("#file-input").sendKeys(png.toAbsolutePath().toString());
            alice.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state"))
                    || "failed".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));
            alice.shot("10-alice-photo-attached");
            assertThat(alice.find("#uploads .upload").getDomAttribute("data-state"))
                    .as("upload: %s %s (\"could not be reached\": the media storage must allow CORS from Parley's origin, "
                            + "see EmbeddedObjectStorage)", alice.text("#uploads"), alice.text("#composer-error"))
                    .isEqualTo("done");
            alice.type("#message-input", "Look at this", Keys.ENTER);
            bob.waitFor(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "const img = document.querySelector('#message-items img.thumbnail[data-kind=thumbnail]');"
                            + "return !!img && img.complete && img.naturalWidth > 0;"));
            assertThat(bob.messageTexts()).endsWith("Look at this");
            bob.shot("11-bob-sees-thumbnail");
            bob.click("#message-items .thumbnail-button");
            bob.waitFor(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "const img = document.getElementById('viewer-image');"
                            + "return document.getElementById('viewer').open && img.complete && img.naturalWidth === 960;"));
            bob.shot("12-bob-full-size-photo");
            bob.type("#viewer", Keys.ESCAPE);

            // a file over the image limit is refused in the browser, with a message
            Path huge = Files.createTempFile("huge", ".png");
            try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
                file.setLength(17L * 1024 * 1024);
            }
            alice.find("#file-input").sendKeys(huge.toAbsolutePath().toString());
            alice.waitText("#composer-error", "too large");
            assertThat(alice.text("#composer-error")).contains("16.0 MB");
            assertThat(alice.find("#uploads").findElements(By.cssSelector(".upload"))).isEmpty();
            alice.shot("13-alice-file-too-large");

            // the phone-sized layout
            bob.driver.manage().window().setSize(new Dimension(390, 844));
            bob.shot("14-bob-phone-chat");
            bob.click("#back");
            bob.waitFor(d -> d.findElement(By.id("conversation-list")).isDisplayed());
            bob.shot("15-bob-phone-list");
        }
    }
}
