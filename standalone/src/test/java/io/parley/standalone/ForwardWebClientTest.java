package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's "Forward" end to end in headless Chromium: the message menu's chooser of chats sends a copy, which
 * the other browser shows marked "Forwarded". Screenshots go to target/screenshots/ (see WebClientTest).
 */
class ForwardWebClientTest extends WebClientTest {

    @Test
    void forwardFromTheMessageMenuToAChatChosenFromTheList() throws Exception {
        AliceAndBob browsers = aliceWritesToBob("The station closes at 11");
        WebBrowser alice = browsers.alice();
        WebBrowser bob = browsers.bob();

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
}
