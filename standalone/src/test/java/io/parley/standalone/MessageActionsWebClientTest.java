package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's message menu end to end in headless Chromium: reply with a quote, react, edit and delete for
 * everyone, each seen by the other browser. Screenshots go to target/screenshots/ (see WebClientTest).
 */
class MessageActionsWebClientTest extends WebClientTest {

    @Test
    void replyReactEditAndDeleteFromTheMessageMenu() throws Exception {
        AliceAndBob browsers = aliceWritesToBob("Pizza tonight?");
        WebBrowser alice = browsers.alice();
        WebBrowser bob = browsers.bob();

        // bob reacts from the menu; alice sees the chip
        openMenu(bob, "Pizza tonight?");
        bob.click("#message-items .msg-menu[open] .react-choice[data-emoji='👍']");
        alice.waitText("#message-items .reaction-chip", "👍 1");
        bob.waitFor(d -> !d.findElements(By.cssSelector("#message-items .reaction-chip.mine")).isEmpty());
        alice.shot("actions-01-alice-sees-reaction");

        // bob replies; alice sees the quote, and a click on it jumps to the original
        openMenu(bob, "Pizza tonight?");
        bob.click("#message-items .msg-menu[open] .menu-item.reply");
        bob.waitText("#reply-bar .reply-to-text", "Pizza tonight?");
        bob.shot("actions-02-bob-replying");
        bob.say("Yes! At 8?");
        alice.waitMessages("Pizza tonight?", "Yes! At 8?");
        alice.waitText("#message-items .quote .quote-text", "Pizza tonight?");
        alice.click("#message-items .quote");
        alice.waitFor(d -> !d.findElements(By.cssSelector("#message-items .msg.flash")).isEmpty());
        alice.shot("actions-03-alice-sees-quoted-reply");

        // alice edits her message; bob sees the new text, "edited", and his reply's quote follows
        openMenu(alice, "Pizza tonight?");
        alice.click("#message-items .msg-menu[open] .menu-item.edit");
        alice.waitFor(d -> {
            try {
                d.switchTo().alert();
                return true;
            } catch (RuntimeException noAlertYet) {
                return false;
            }
        });
        var prompt = alice.driver.switchTo().alert();
        prompt.sendKeys("Pizza at 8?");
        prompt.accept();
        bob.waitMessages("Pizza at 8?", "Yes! At 8?");
        bob.waitText("#message-items .edited", "edited");
        bob.waitText("#message-items .quote .quote-text", "Pizza at 8?");
        bob.shot("actions-04-bob-sees-edit");

        // alice deletes it for everyone; bob sees a tombstone and his reply quotes it as deleted
        openMenu(alice, "Pizza at 8?");
        alice.click("#message-items .msg-menu[open] .menu-item.delete-everyone");
        alice.waitFor(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (RuntimeException noAlertYet) {
                return false;
            }
        });
        bob.waitText("#message-items .tombstone", "This message was deleted");
        bob.waitText("#message-items .quote .quote-text", "Message deleted");
        assertThat(bob.messageTexts()).doesNotContain("Pizza at 8?");
        assertThat(bob.find("#message-items").findElements(By.cssSelector(".reaction-chip"))).isEmpty();
        bob.shot("actions-05-bob-sees-tombstone");
    }
}
