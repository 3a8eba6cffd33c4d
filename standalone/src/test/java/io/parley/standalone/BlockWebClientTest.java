package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's Block / Unblock (a direct chat's info) end to end in headless Chromium: once Alice blocks Bob his
 * message is not sent and says why; once she unblocks him it goes through. Screenshots go to target/screenshots/.
 */
class BlockWebClientTest extends WebClientTest {

    @Test
    void blockAndUnblockFromTheChatInfo() throws Exception {
        String aliceName = uniqueName("alice");
        String bobName = uniqueName("bob");
        WebBrowser alice = browser("alice");
        WebBrowser bob = browser("bob");
        alice.open(port);
        alice.register(aliceName, "Alice");
        bob.open(port);
        bob.register(bobName, "Bob");
        alice.click("#new-chat");
        alice.type("#new-chat-username", bobName);
        for (int attempt = 1; ; attempt++) {
            alice.type("#new-chat-username", Keys.ENTER);
            boolean opened = alice.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals("Bob")
                    || d.findElement(By.cssSelector("#new-chat-form .error")).getText().contains("no user"));
            if (opened && alice.text("#chat-name").equals("Bob")) {
                break;
            }
            assertThat(attempt).as("bob never became known to the user lookup").isLessThan(5);
        }
        alice.say("Stop writing to me");
        bob.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list .conversation")).isEmpty());
        bob.click("#conversation-list .conversation");
        bob.waitMessages("Stop writing to me");

        alice.click("#chat-info");
        alice.waitText("#block-user", "Block Bob");
        alice.click("#block-user");
        alice.waitText("#block-user", "Unblock Bob");
        alice.shot("block-01-alice-blocked-bob");
        alice.click("#info-dialog .cancel");

        bob.say("But why?");
        bob.waitText("#message-items .failure", "cannot send");
        bob.shot("block-02-bobs-message-is-not-sent");

        alice.click("#chat-info");
        alice.click("#block-user");
        alice.waitText("#block-user", "Block Bob");
        alice.click("#info-dialog .cancel");
        bob.say("Sorry");
        alice.waitMessages("Stop writing to me", "Sorry");
    }
}
