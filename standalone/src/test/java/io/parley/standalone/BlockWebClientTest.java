package io.parley.standalone;

import org.junit.jupiter.api.Test;

/**
 * The web client's Block / Unblock (a direct chat's info) end to end in headless Chromium: once Alice blocks Bob his
 * message is not sent and says why; once she unblocks him it goes through. Screenshots go to target/screenshots/.
 */
class BlockWebClientTest extends WebClientTest {

    @Test
    void blockAndUnblockFromTheChatInfo() throws Exception {
        AliceAndBob browsers = aliceWritesToBob("Stop writing to me");
        WebBrowser alice = browsers.alice();
        WebBrowser bob = browsers.bob();

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
