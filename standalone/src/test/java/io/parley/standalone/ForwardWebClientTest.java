package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's "Forward" end to end in headless Chromium: the message menu's chooser of chats sends a copy, which
 * the other browser shows marked "Forwarded". Screenshots go to target/screenshots/ (see WebClientTest).
 */
class ForwardWebClientTest extends WebClientTest {

    @Test
    void forwardFromTheMessageMenuToAChatChosenFromTheList() throws Exception {
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
        alice.say("The station closes at 11");
        bob.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list .conversation")).isEmpty());
        bob.click("#conversation-list .conversation");
        bob.waitMessages("The station closes at 11");

        openMenu(bob, "The station closes at 11");
        bob.click("#message-items .msg-menu[open] .menu-item.forward");
        bob.waitFor(d -> d.findElement(By.id("forward-dialog")).isDisplayed());
        bob.waitText("#forward-dialog .forward-target", "Alice");
        bob.shot("forward-01-bob-chooses-a-chat");
        bob.click("#forward-dialog .forward-target");

        alice.waitMessages("The station closes at 11", "The station closes at 11");
        alice.waitText("#message-items .forwarded", "Forwarded");
        assertThat(alice.find("#message-items").findElements(By.cssSelector(".forwarded"))).hasSize(1);
        alice.shot("forward-02-alice-sees-the-forwarded-copy");
    }

    /** Opens the message menu of the (first) message with this text. */
    private static void openMenu(WebBrowser browser, String text) {
        browser.waitFor(d -> {
            for (WebElement message : d.findElements(By.cssSelector("#message-items .msg"))) {
                if (!message.findElements(By.cssSelector(".bubble > .text")).isEmpty()
                        && message.findElement(By.cssSelector(".bubble > .text")).getText().equals(text)) {
                    message.findElement(By.cssSelector(".msg-menu summary")).click();
                    return true;
                }
            }
            return false;
        });
    }
}
