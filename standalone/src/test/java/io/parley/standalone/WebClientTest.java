package io.parley.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client (realtime-gateway's static assets) in real headless Chromium browsers against the whole app: each
 * test opens its browsers with {@link #browser}; they are closed after it, with a screenshot and their console each
 * when it failed. Skipped without Debian's chromium and chromium-driver.
 */
abstract class WebClientTest extends StandaloneTest {

    private final List<WebBrowser> browsers = new ArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback failureShots = context -> context.getExecutionException().ifPresent(failure -> {
        for (WebBrowser browser : browsers) {
            browser.shot("failure-" + context.getRequiredTestMethod().getName() + "-" + browser.who());
            browser.printConsole();
        }
    });

    @BeforeEach
    void requireChromium() throws IOException {
        assumeTrue(WebBrowser.available(), "Skipped: the web client tests need /usr/bin/chromium and /usr/bin/chromedriver "
                + "(apt-get install -y chromium chromium-driver)");
        Files.createDirectories(WebBrowser.SCREENSHOTS);
    }

    WebBrowser browser(String who) throws IOException {
        WebBrowser browser = new WebBrowser(who);
        browsers.add(browser);
        return browser;
    }

    /** Someone registered over HTTP, with a session to act for them there. */
    record Person(String name, ParleyClient.Session session) {

        String id() {
            return session.userId();
        }

        String token() {
            return session.accessToken();
        }
    }

    Person person(String prefix) {
        String name = uniqueName(prefix);
        return new Person(name, client.registerAndLogin(name));
    }

    /** A browser of this person's, signed in. */
    WebBrowser signedIn(Person person) throws IOException {
        WebBrowser browser = browser(person.name().substring(0, person.name().indexOf('_')));
        browser.signIn(port, person.name());
        return browser;
    }

    /** The direct chat {@code from} opens with {@code to}, over HTTP, and {@code to} accepts: two who know each other. */
    String direct(Person from, Person to) {
        return client.directChat(from.session(), to.session());
    }

    /**
     * In the open chat, which reached this browser's user as a message request (from someone they never talked to),
     * the user accepts it: from then on receipts and presence are shared.
     */
    static void acceptRequest(WebBrowser browser) {
        browser.waitText("#message-request", "wants to send you messages");
        browser.click("#message-request .accept-request");
        browser.waitFor(d -> d.findElements(By.id("message-request")).isEmpty());
    }

    /** {@code from} says {@code text} in the conversation, over HTTP; the message's seq. */
    long send(Person from, String conversationId, String text) {
        ParleyClient.Response sent = client.post("/api/v1/conversations/" + conversationId + "/messages", from.token(),
                Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text));
        assertThat(sent.status()).as("send: %s", sent).isEqualTo(201);
        return sent.body().path("seq").asLong();
    }

    record BobAndCarolWroteToAlice(Person alice, Person bob, Person carol, String withBob, String withCarol) {
    }

    /** Bob and Carol each open a direct chat with Alice over HTTP and write a first line in it. */
    BobAndCarolWroteToAlice bobAndCarolWriteToAlice() {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        String withBob = direct(bob, alice);
        String withCarol = direct(carol, alice);
        send(bob, withBob, "Hi from Bob");
        send(carol, withCarol, "Hi from Carol");
        return new BobAndCarolWroteToAlice(alice, bob, carol, withBob, withCarol);
    }

    /** Alice's browser, signed in, with her chat with Bob open on his first line. */
    WebBrowser aliceLooksAtBobsChat(BobAndCarolWroteToAlice chats) throws IOException {
        WebBrowser browser = signedIn(chats.alice());
        browser.openChat(chats.withBob());
        browser.waitMessages("Hi from Bob");
        return browser;
    }

    record AliceAndBob(WebBrowser alice, WebBrowser bob) {
    }

    /**
     * Alice and Bob register in browsers of their own; Alice opens a chat with Bob through the page and says
     * {@code firstWords}, and Bob opens it and accepts her message request.
     */
    AliceAndBob aliceWritesToBob(String firstWords) throws IOException {
        String bobName = uniqueName("bob");
        WebBrowser alice = browser("alice");
        WebBrowser bob = browser("bob");
        alice.open(port);
        alice.register(uniqueName("alice"), "Alice");
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
        alice.say(firstWords);
        bob.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list .conversation")).isEmpty());
        bob.click("#conversation-list .conversation");
        bob.waitMessages(firstWords);
        acceptRequest(bob);
        return new AliceAndBob(alice, bob);
    }

    /** Opens the message menu of the (first) message with this text. */
    static void openMenu(WebBrowser browser, String text) {
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

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebBrowser::close);
        browsers.clear();
    }
}
