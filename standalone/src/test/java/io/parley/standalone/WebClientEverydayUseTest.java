package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client as a person uses it all day (issue 20): a phone-width list, drafts and attachments per chat, names,
 * group administration, reading only what was on screen, sessions across tabs with URL routing, and downloads. The
 * other people and their conversations are set up over HTTP; the person under test uses a real browser.
 */
class WebClientEverydayUseTest extends WebClientTest {

    private static final String LONG_MESSAGE = "This is one ordinary long message about the plans for the weekend, "
            + "the train times, who brings what to the picnic and whether it will rain on Saturday afternoon or not";

    record Chat(Person me, Person peer, String id) {
    }

    @Test
    void onAPhoneALongPreviewIsCutAndTheButtonsStayOnScreen() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        send(chat.peer(), chat.id(), LONG_MESSAGE);

        WebBrowser browser = browser("alice");
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        browser.signIn(port, chat.me().name());
        browser.waitText("#conversation-list .conversation-preview", "ordinary long message");
        browser.shot("issue20-1-phone-list");

        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("the page is no wider than the phone").isEqualTo(true);
        for (String control : List.of("#new-chat", "#new-group", "#logout", "#conversation-list .conversation-time",
                "#conversation-list .badge")) {
            assertThat(browser.js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                    + "return r.left >= 0 && r.right <= window.innerWidth", control))
                    .as("%s is on screen", control).isEqualTo(true);
        }
        assertThat(browser.js("const p = document.querySelector('#conversation-list .conversation-preview');"
                + "return p.scrollWidth > p.clientWidth")).as("the preview is ellipsized").isEqualTo(true);
    }

    @Test
    void draftsAndAttachmentsBelongToTheirChat() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();

        WebBrowser browser = signedIn(chats.alice());
        browser.openChat(chats.withBob());
        browser.type("#message-input", "a draft for Bob");
        browser.openChat(chats.withCarol());
        assertThat(inputValue(browser)).as("Carol's composer").isEmpty();
        browser.openChat(chats.withBob());
        assertThat(inputValue(browser)).as("Bob's composer, back again").isEqualTo("a draft for Bob");

        browser.driver.navigate().refresh();
        browser.waitUntilConnected();
        browser.openChat(chats.withBob());
        assertThat(inputValue(browser)).as("Bob's draft after a reload").isEqualTo("a draft for Bob");
        browser.type("#message-input", Keys.chord(Keys.CONTROL, "a"), Keys.DELETE); // as a person clears it

        // a photo picked in Bob's chat stays there
        Path png = WebBrowser.png(Files.createTempFile("for-bob", ".png"), 320, 200);
        browser.find("#file-input").sendKeys(png.toAbsolutePath().toString());
        browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));
        browser.openChat(chats.withCarol());
        assertThat(browser.driver.findElements(By.cssSelector("#uploads .upload"))).as("attachments in Carol's chat").isEmpty();
        browser.say("Just text for Carol");
        browser.waitMessages("Hi from Carol", "Just text for Carol");
        assertThat(browser.driver.findElements(By.cssSelector("#message-items .media, #message-items .upload"))).isEmpty();

        // back in Bob's chat it is still there, and can be removed before sending
        browser.openChat(chats.withBob());
        browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));
        browser.shot("issue20-2-attachment-kept");
        browser.click("#uploads .remove-attachment");
        browser.waitFor(d -> d.findElements(By.cssSelector("#uploads .upload")).isEmpty());
        browser.say("Only words for Bob");
        browser.waitMessages("Hi from Bob", "Only words for Bob");
        assertThat(browser.driver.findElements(By.cssSelector("#message-items .media, #message-items .upload"))).isEmpty();
    }

    @Test
    void aFormerMembersMessagesKeepTheirName() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        String group = group(alice, "Picnic", bob, carol);
        send(carol, group, "I bring the cake");
        assertThat(client.delete("/api/v1/conversations/" + group + "/members/" + carol.id(), carol.token()).status())
                .isEqualTo(204);
        send(alice, group, "Thanks Carol");

        WebBrowser browser = signedIn(bob);
        browser.openChat(group);
        browser.waitMessages("I bring the cake", "Thanks Carol");
        browser.waitFor(d -> d.findElements(By.cssSelector("#message-items .msg.in .sender")).stream()
                .anyMatch(sender -> sender.getText().equals(carol.name())));
        assertThat(browser.driver.findElements(By.cssSelector("#message-items .sender")))
                .noneMatch(sender -> sender.getText().equals("Someone"));
        browser.shot("issue20-3-former-member-name");
    }

    @Test
    void theGroupCreatorAdministersItAndMembershipChangesAreSystemLines() throws Exception {
        Person bob = person("bob");
        Person carol = person("carol");
        String aliceName = uniqueName("alice");
        WebBrowser browser = browser("alice");
        browser.open(port);
        browser.register(aliceName, "Alice");
        eventuallyFindable(bob);
        eventuallyFindable(carol);

        browser.click("#new-group");
        browser.type("#new-group-name", "Hiking");
        browser.type("#new-group-members", bob.name(), Keys.ENTER);
        browser.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals("Hiking"));
        browser.click("#chat-info");
        browser.waitFor(d -> d.findElement(By.id("add-member-form")).isDisplayed());
        browser.click("#info-members button.remove-member");
        browser.waitFor(d -> d.findElements(By.cssSelector("#info-members .member-name")).stream()
                .noneMatch(name -> name.getText().equals(bob.name())));
        browser.type("#add-member-username", carol.name(), Keys.ENTER);
        browser.waitFor(d -> d.findElements(By.cssSelector("#info-members .member-name")).stream()
                .anyMatch(name -> name.getText().equals(carol.name())));
        browser.type("#info-dialog", Keys.ESCAPE);

        browser.waitFor(d -> d.findElements(By.cssSelector("#message-items .system")).size() >= 2);
        List<String> lines = browser.driver.findElements(By.cssSelector("#message-items .system")).stream()
                .map(line -> line.getText()).toList();
        assertThat(lines).contains("You removed " + bob.name(), "You added " + carol.name());
        browser.shot("issue20-4-system-lines");
    }

    @Test
    void onlyWhatWasOnScreenIsRead() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        for (int i = 1; i <= 3; i++) {
            send(chat.me(), chat.id(), "Before you looked " + i);
        }

        WebBrowser browser = signedIn(chat.peer());
        browser.openChat(chat.id());
        // opening a chat with unread messages: a divider above the first of them
        browser.waitFor(d -> d.findElement(By.cssSelector("#message-items .unread-divider")).getText().contains("3 unread"));
        awaitReadUpTo(chat.me(), chat.id(), chat.peer(), 3);

        long last = 0;
        for (int i = 1; i <= 40; i++) {
            last = send(chat.me(), chat.id(), "Filler " + i);
        }
        awaitReadUpTo(chat.me(), chat.id(), chat.peer(), last);

        // scrolled far up, a new message is not read, and a pill says there is one
        browser.js("const box = document.getElementById('messages'); box.scrollTop = 0;");
        browser.waitFor(d -> d.findElement(By.id("jump-to-bottom")).isDisplayed());
        long unseen = send(chat.me(), chat.id(), "While you were scrolled up");
        browser.waitFor(d -> d.findElement(By.id("new-messages")).isDisplayed());
        browser.shot("issue20-5-new-messages-pill");
        Thread.sleep(1500);
        assertThat(readUpTo(chat.me(), chat.id(), chat.peer())).as("bob's read watermark while he looks elsewhere").isLessThan(unseen);

        browser.click("#new-messages");
        awaitReadUpTo(chat.me(), chat.id(), chat.peer(), unseen);
        browser.waitFor(d -> !d.findElement(By.id("new-messages")).isDisplayed()
                && !d.findElement(By.id("jump-to-bottom")).isDisplayed());
    }

    @Test
    void theSessionOutlivesTheTabAndTheUrlKeepsThePlace() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        send(chat.peer(), chat.id(), "Where are we?");

        WebBrowser browser = signedIn(chat.me());
        String firstTab = browser.driver.getWindowHandle();
        browser.openChat(chat.id());
        assertThat(browser.driver.getCurrentUrl()).contains(chat.id());

        // a reload keeps the open chat
        browser.driver.navigate().refresh();
        browser.waitUntilConnected();
        browser.waitFor(d -> d.findElement(By.id("chat")).isDisplayed());
        browser.waitMessages("Where are we?");

        // back goes to the list, inside the app; forward to the chat again
        browser.driver.navigate().back();
        browser.waitFor(d -> !d.findElement(By.id("chat")).isDisplayed());
        assertThat(browser.find("#app-view").isDisplayed()).isTrue();
        assertThat(browser.driver.getCurrentUrl()).startsWith("http://127.0.0.1:" + port + "/").doesNotContain(chat.id());
        browser.driver.navigate().forward();
        browser.waitFor(d -> d.findElement(By.id("chat")).isDisplayed());

        // a second tab is signed in already, as the same device; refreshing in both tabs keeps both signed in
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get("http://127.0.0.1:" + port + "/");
        browser.waitUntilConnected();
        assertThat(browser.find("#auth-view").isDisplayed()).isFalse();
        String secondTab = browser.driver.getWindowHandle();
        for (String tab : List.of(secondTab, firstTab, secondTab)) {
            browser.driver.switchTo().window(tab);
            assertThat(browser.js("return window.parley.refresh()")).as("refresh in a tab").isEqualTo(true);
        }
        for (String tab : List.of(firstTab, secondTab)) {
            browser.driver.switchTo().window(tab);
            browser.driver.navigate().refresh();
            browser.waitUntilConnected();
            browser.waitText("#conversation-list .conversation-title", chat.peer().name());
        }
        browser.shot("issue20-6-second-tab");
    }

    @Test
    void aDocumentDownloadsUnderItsOriginalNameWithProgress() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        send(chat.me(), chat.id(), "The notes follow");

        WebBrowser sender = signedIn(chat.me());
        sender.openChat(chat.id());
        Path dir = Files.createTempDirectory("notes");
        Path notes = Files.writeString(dir.resolve("Meeting notes.txt"), "Bring the maps.\n".repeat(2000));
        sender.find("#file-input").sendKeys(notes.toAbsolutePath().toString());
        sender.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));
        sender.say("Here they are");

        WebBrowser receiver = signedIn(chat.peer());
        receiver.openChat(chat.id());
        receiver.waitText("#message-items .file-name", "Meeting notes.txt");
        receiver.click("#message-items a.file");
        receiver.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#message-items a.file")).getDomAttribute("data-download")));
        assertThat(receiver.driver.findElements(By.cssSelector("#message-items a.file progress"))).as("a progress bar").isNotEmpty();
        Path downloaded = receiver.downloads().resolve("Meeting notes.txt");
        receiver.waitFor(d -> Files.exists(downloaded));
        assertThat(Files.readString(downloaded)).isEqualTo(Files.readString(notes));
        assertThat(receiver.driver.getWindowHandles()).as("no tab opened").hasSize(1);
        receiver.shot("issue20-7-downloaded");
    }

    @Test
    void textKeepsItsDirectionLinksWorkAndNothingIsCutSilently() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        for (int i = 1; i <= 25; i++) {
            send(chat.peer(), chat.id(), "Earlier " + i);
        }
        send(chat.peer(), chat.id(), "مرحبا، كيف حالك؟");
        send(chat.peer(), chat.id(), "The map: https://example.org/map?x=1. See you");

        WebBrowser browser = signedIn(chat.me());
        browser.openChat(chat.id());
        browser.waitText("#message-items .text", "The map");
        assertThat(browser.js("const texts = [...document.querySelectorAll('#message-items .text')];"
                + "return getComputedStyle(texts.find(t => t.textContent.startsWith('مرحبا'))).direction")).isEqualTo("rtl");
        assertThat(browser.find("#message-input").getDomAttribute("dir")).isEqualTo("auto");

        var link = browser.find("#message-items .text a");
        assertThat(link.getDomAttribute("href")).isEqualTo("https://example.org/map?x=1");
        assertThat(link.getDomAttribute("rel")).contains("noopener").contains("noreferrer");
        assertThat(link.getText()).isEqualTo("https://example.org/map?x=1");

        // the composer grows with its lines; the newest message stays in view (the chat opened at its unread divider)
        browser.click("#jump-to-bottom");
        browser.waitFor(d -> !d.findElement(By.id("jump-to-bottom")).isDisplayed());
        browser.type("#message-input", "one", Keys.chord(Keys.SHIFT, Keys.ENTER), "two", Keys.chord(Keys.SHIFT, Keys.ENTER),
                "three", Keys.chord(Keys.SHIFT, Keys.ENTER), "four");
        assertThat(browser.js("const box = document.getElementById('messages');"
                + "return box.scrollHeight - box.scrollTop - box.clientHeight")).as("distance from the bottom")
                .satisfies(distance -> assertThat(((Number) distance).doubleValue()).isLessThan(2));

        // a paste over the limit is kept whole, said, and not sent
        browser.js("const input = document.getElementById('message-input'); input.value = 'x'.repeat(5000);"
                + "input.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));");
        assertThat(browser.js("return document.getElementById('message-input').value.length")).isEqualTo(5000L);
        browser.waitText("#composer-error", "904 characters too long");
        assertThat(browser.find("#send").isEnabled()).isFalse();
        browser.type("#message-input", Keys.ENTER);
        Thread.sleep(500);
        assertThat(browser.messageTexts()).hasSize(27);
        browser.shot("issue20-8-text");
    }

    @Test
    void aGroupIsCreatedOnceAndAnUnknownUsernameIsToldAtOnce() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        eventuallyFindable(bob);
        WebBrowser browser = signedIn(alice);

        browser.click("#new-chat");
        long asked = System.nanoTime();
        browser.type("#new-chat-username", uniqueName("nobody"), Keys.ENTER);
        browser.waitText("#new-chat-form .error", "no user");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofMillis(1500));
        browser.type("#new-chat-username", Keys.ESCAPE);

        // the page's requests to create a group are kept, to send one again as a flaky network might
        browser.js("window.groupPosts = []; const fetchNow = window.fetch;"
                + "window.fetch = (url, init) => { if (String(url).endsWith('/groups')) window.groupPosts.push({url: String(url), init});"
                + " return fetchNow(url, init); };");
        browser.click("#new-group");
        browser.type("#new-group-name", "Only once");
        browser.type("#new-group-members", bob.name());
        new Actions(browser.driver).doubleClick(browser.find("#new-group-form button[type=submit]")).perform();
        browser.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals("Only once"));
        assertThat(browser.js("return window.groupPosts.length")).isEqualTo(1L);
        assertThat(browser.js("return window.groupPosts[0].init.headers['Idempotency-Key']")).as("the submission's key")
                .asString().hasSizeGreaterThanOrEqualTo(16);
        @SuppressWarnings("unchecked")
        List<Object> resent = (List<Object>) browser.js("const post = window.groupPosts[0];"
                + "return fetch(post.url, post.init).then(async r => [r.status, (await r.json()).conversationId]);");
        String created = (String) browser.js("return new URLSearchParams(location.search).get('chat')");
        assertThat(resent).as("the same submission again: the first answer").containsExactly(201L, created);
        Thread.sleep(1500); // a second group would be in the read model by now
        JsonNode list = client.get("/api/v1/conversations?limit=100", alice.token()).body();
        long groups = 0;
        for (JsonNode conversation : list.path("conversations")) {
            groups += "Only once".equals(conversation.path("title").asText()) ? 1 : 0;
        }
        assertThat(groups).isEqualTo(1);
    }

    @Test
    void myUsernameIsShownAndAnEndedSessionIsToldInWordsForPeople() throws Exception {
        Person alice = person("alice");
        WebBrowser browser = signedIn(alice);
        browser.waitText("#me-username", "@" + alice.name());

        // the session ends while the page is closed (logged out from another device): the next visit says so, once
        String deviceId = (String) browser.js("return JSON.parse(localStorage.getItem('parley.session')"
                + " || sessionStorage.getItem('parley.session')).deviceId");
        browser.driver.get("about:blank");
        assertThat(client.delete("/api/v1/auth/devices/" + deviceId, alice.token()).status()).isEqualTo(204);
        Thread.sleep(1500); // revocation reaches every service within seconds
        browser.driver.get("http://127.0.0.1:" + port + "/");
        browser.waitFor(d -> d.findElement(By.id("auth-view")).isDisplayed()
                && !d.findElement(By.id("auth-error")).getText().isEmpty());
        Thread.sleep(500);
        assertThat(browser.find("#banner").isDisplayed()).as("banner: %s", browser.text("#banner")).isFalse();
        assertThat(browser.text("#auth-error")).contains("sign in again");
    }

    @Test
    void aDroppedNetworkIsNoticedAtOnceAndTheSocketComesBackAtOnce() throws Exception {
        Person alice = person("alice");
        WebBrowser browser = signedIn(alice);
        network(browser, false);
        long dropped = System.nanoTime();
        browser.waitFor(d -> d.findElement(By.id("banner")).isDisplayed());
        assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isLessThan(Duration.ofSeconds(3));
        browser.shot("issue20-12-offline");
        network(browser, true);
        long back = System.nanoTime();
        browser.waitFor(d -> !d.findElement(By.id("banner")).isDisplayed()
                && Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return window.parley.connected")));
        assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void chatsAreFoundByNameAndImagesAttachByPasteOrDrop() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();

        WebBrowser browser = signedIn(chats.alice());
        browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list .conversation")).size() == 2);
        browser.waitText("#conversation-list .conversation-title", chats.carol().name());
        browser.type("#list-search", chats.carol().name().substring(0, 7).toUpperCase());
        browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list .conversation")).size() == 1);
        assertThat(browser.text("#conversation-list .conversation-title")).isEqualTo(chats.carol().name());
        browser.type("#list-search", Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list .conversation")).size() == 2);

        browser.openChat(chats.withBob());
        // a PNG pasted into the composer, then one dropped on the chat (it replaces the first)
        String image = "const canvas = document.createElement('canvas'); canvas.width = 64; canvas.height = 48;"
                + "canvas.getContext('2d').fillRect(8, 8, 30, 20);"
                + "const blob = await new Promise(done => canvas.toBlob(done, 'image/png'));"
                + "const files = new DataTransfer(); files.items.add(new File([blob], arguments[0], {type: 'image/png'}));";
        browser.js("return (async () => {" + image
                + "document.getElementById('message-input').dispatchEvent("
                + "new ClipboardEvent('paste', {clipboardData: files, bubbles: true, cancelable: true})); })()", "pasted.png");
        browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload[data-file='pasted.png']"))
                .getDomAttribute("data-state")));
        browser.js("return (async () => {" + image
                + "document.getElementById('messages').dispatchEvent("
                + "new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true})); })()", "dropped.png");
        browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload[data-file='dropped.png']"))
                .getDomAttribute("data-state")));
        assertThat(browser.driver.findElements(By.cssSelector("#uploads .upload"))).hasSize(1);
        browser.say("A drawing");
        browser.waitFor(d -> !d.findElements(By.cssSelector("#message-items .msg.out .media img.thumbnail")).isEmpty());
        browser.shot("issue20-extra-search-paste-drop");

        // the image viewer stands in the middle of the screen (the photo opens once its address is known)
        browser.waitFor(d -> Boolean.TRUE.equals(browser.js(
                "return !!document.querySelector('#message-items .msg.out .media img.thumbnail')?.getAttribute('src')")));
        browser.click("#message-items .msg.out .media .thumbnail-button");
        browser.waitFor(d -> d.findElement(By.id("viewer")).isDisplayed()
                && Boolean.TRUE.equals(browser.js("const i = document.getElementById('viewer-image'); return i.complete && i.naturalWidth > 0")));
        assertThat(browser.js("const r = document.getElementById('viewer').getBoundingClientRect();"
                + "return [Math.round((r.left + r.right) / 2 - innerWidth / 2), Math.round((r.top + r.bottom) / 2 - innerHeight / 2)]"))
                .as("the viewer's centre, from the screen's").isEqualTo(List.of(0L, 0L));
        browser.shot("issue20-12-image-viewer");
    }

    @Test
    void theClientMeetsWcagAaWithNoSeriousOrCriticalViolations() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        send(chat.peer(), chat.id(), "Hello, how are you?");
        send(chat.me(), chat.id(), "Fine, and you? https://example.org");
        send(chat.peer(), chat.id(), "Good!");

        WebBrowser browser = browser("alice");
        browser.open(port);
        List<String> violations = new java.util.ArrayList<>(seriousViolations(browser, "sign-in"));
        browser.signIn(port, chat.me().name());
        browser.waitText("#conversation-list .conversation-preview", "Good!");
        violations.addAll(seriousViolations(browser, "list"));
        assertThat(browser.find("#conversation-list .conversation").getDomAttribute("aria-label"))
                .as("the list item's name says what it shows").contains(chat.peer().name()).contains("Good!");
        browser.openChat(chat.id());
        browser.waitMessages("Hello, how are you?", "Fine, and you? https://example.org", "Good!");
        violations.addAll(seriousViolations(browser, "chat"));
        // the attach button is reached by keyboard: Shift+Tab from the composer
        browser.find("#message-input").click();
        browser.type("#message-input", Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(browser.js("return document.activeElement.getAttribute('aria-label')")).isEqualTo("Attach a file");
        browser.click("#chat-info");
        browser.waitFor(d -> d.findElement(By.id("info-dialog")).isDisplayed());
        violations.addAll(seriousViolations(browser, "info dialog"));
        browser.type("#info-dialog", Keys.ESCAPE);
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        violations.addAll(seriousViolations(browser, "phone chat"));
        assertThat(browser.js("const box = document.getElementById('messages'); return box.scrollWidth <= box.clientWidth"))
                .as("the chat is no wider than the phone").isEqualTo(true);
        // dark mode follows the system's setting, with the same contrast
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        assertThat(browser.js("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(11, 20, 26)");
        browser.shot("issue20-extra-dark-phone-chat");
        violations.addAll(seriousViolations(browser, "dark phone chat"));
        browser.driver.manage().window().setSize(new Dimension(1200, 800));
        violations.addAll(seriousViolations(browser, "dark desktop"));
        browser.driver.navigate().refresh();
        browser.waitFor(d -> d.findElement(By.id("app-view")).isDisplayed());
        browser.click("#logout");
        browser.waitFor(d -> d.findElement(By.id("auth-view")).isDisplayed());
        violations.addAll(seriousViolations(browser, "dark sign-in"));
        assertThat(violations).as("axe-core: WCAG 2.x A/AA violations of serious or critical impact").isEmpty();
    }

    @Test
    void anIncomingMessageCostsLittleWithFiveHundredLoaded() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        for (int i = 1; i <= 520; i++) {
            send(chat.peer(), chat.id(), "Message number " + i + " of a long evening's chat");
        }

        WebBrowser browser = browser("alice");
        // every message frame's handling (the client's work and the layout it forces) as a Performance API measure
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "(() => {"
                        + "const property = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');"
                        + "Object.defineProperty(WebSocket.prototype, 'onmessage', {"
                        + "  get() { return property.get.call(this); },"
                        + "  set(handler) { property.set.call(this, function (event) {"
                        + "    const start = performance.now();"
                        + "    try { return handler.call(this, event); } finally {"
                        + "      if (String(event.data).includes('\"type\":\"message\"'))"
                        + "        performance.measure('parley:message-frame', {start, end: performance.now()}); } }); } });"
                        + "})();"));
        browser.signIn(port, chat.me().name());
        browser.openChat(chat.id());
        browser.waitText("#message-items .text", "Message number 520 ");
        browser.js("document.getElementById('jump-to-bottom').click()");
        // the same work with one page (30) loaded: what a message costs on this machine, whatever its load
        List<Double> withOnePage = liveMessageCosts(browser, chat.peer(), chat.id(), "Early");

        // scrolled up page by page until 500 messages are loaded
        browser.waitFor(d -> {
            browser.js("document.getElementById('messages').scrollTop = 0");
            return ((Number) browser.js("return document.querySelectorAll('#message-items .msg').length")).intValue() >= 500;
        });
        browser.js("document.getElementById('jump-to-bottom').click()");
        List<Double> withFiveHundred = liveMessageCosts(browser, chat.peer(), chat.id(), "Late");
        System.out.println("ms per incoming message, 30 loaded: " + withOnePage + "; 500 loaded: " + withFiveHundred);

        // within the issue's 16 ms or, on a machine too busy for that, about as dear as with one page loaded (the client
        // before this change: 4x as dear, 50-170 ms): what a message costs must not grow with the messages loaded
        double median = withFiveHundred.get(withFiveHundred.size() / 2);
        double budget = Math.max(16.0, 2 * withOnePage.get(withOnePage.size() / 2));
        assertThat(median).as("median ms per incoming message with 500 loaded: %s (30 loaded: %s)", withFiveHundred, withOnePage)
                .isLessThanOrEqualTo(budget);
    }

    /**
     * Back after a long absence (a {@code gap} frame: seqs 2..501 not streamed, only the newest 200 after them) while
     * the history read model is still behind the socket: the chat fills the hole between its newest history page and
     * what the socket brought with the API's largest page, one request for a hole of up to 1,000 (200 a page took 3).
     * The lag is played by the page: its first newest-page request is asked as of before the gap, and answered once
     * the socket has brought the newest message.
     */
    @Test
    void aGapTheHistoryHasNotCaughtUpWithIsFilledInOneRequest() throws Exception {
        Chat chat = chatBetween("bob", "alice");
        send(chat.peer(), chat.id(), "Before the night");
        WebBrowser browser = signedIn(chat.me());
        browser.openChat(chat.id());
        browser.waitMessages("Before the night");
        browser.js("window.parley.goOffline()");
        browser.waitFor(d -> d.findElement(By.id("banner")).isDisplayed());
        int missed = 700;
        sendOverSocket(chat.peer(), chat.id(), missed);

        browser.js("""
                const conversation = arguments[0], newest = arguments[1], fetchOf = window.fetch;
                let lagging = true;
                window.fillRequests = [];
                window.fetch = async (url, options) => {
                  if (String(url).includes(`/conversations/${conversation}/messages?`)) {
                    if (lagging && String(url).includes('messages?limit=')) {
                      lagging = false;
                      url = String(url).replace('messages?limit=', 'messages?before=2&limit=');
                      const messages = () => window.parley.state.conversations.get(conversation).messages;
                      for (let waited = 0; !messages().has(newest) && waited < 20000; waited += 50) {
                        await new Promise((resolve) => setTimeout(resolve, 50));
                      }
                    }
                    if (String(url).includes('after=')) window.fillRequests.push(String(url));
                  }
                  return fetchOf(url, options);
                };""", chat.id(), missed + 1);
        browser.js("window.parley.goOnline()");
        browser.waitFor(d -> Boolean.TRUE.equals(browser.js(
                "return window.parley.state.conversations.get(arguments[0]).messages.size === arguments[1]",
                chat.id(), missed + 1)));

        assertThat((List<?>) browser.js("return window.fillRequests")).as("requests filling the hole of 500").hasSize(1);
        browser.waitText("#message-items .text", "Missed " + missed);
    }

    @Test
    void aPersonsAvatarIsTheSameEverywhereAndEmojiArePicked() throws Exception {
        Chat chat = chatBetween("alice", "bob");
        send(chat.peer(), chat.id(), "Hello Alice");

        WebBrowser alice = signedIn(chat.me());
        alice.openChat(chat.id());
        alice.waitMessages("Hello Alice");
        WebBrowser bob = signedIn(chat.peer());
        bob.waitFor(d -> !d.findElement(By.id("me-avatar")).getText().isEmpty());

        // bob as alice sees him in her list and her chat's header, and as he sees himself: one look, from his user id
        List<String> looks = List.of(
                avatarLook(alice, "#conversation-list [data-id='" + chat.id() + "'] .avatar"),
                avatarLook(alice, "#chat-avatar"),
                avatarLook(bob, "#me-avatar"));
        assertThat(looks).as("bob's avatar in alice's list, her chat header, and his own").containsOnly(looks.get(0));
        assertThat(looks.get(0)).startsWith("B ");
        assertThat(avatarLook(alice, "#me-avatar")).as("alice's own").isNotEqualTo(looks.get(0));
        alice.shot("issue20-12-avatars");
        // at rest the day chip stands in its place (it sticks to the top only while the chat scrolls)
        alice.waitFor(d -> "static".equals(alice.js("return getComputedStyle(document.querySelector('#message-items .day')).position")));

        // an emoji picked goes in at the caret, from the keyboard too
        alice.type("#message-input", "Sounds good ");
        alice.click("#emoji-button");
        alice.waitFor(d -> d.findElement(By.id("emoji-panel")).isDisplayed());
        List<String> violations = seriousViolations(alice, "emoji picker");
        alice.shot("issue20-extra-emoji-picker");
        alice.click("#emoji-panel [data-emoji='👍']");
        assertThat(alice.js("return document.activeElement.id")).isEqualTo("message-input");
        assertThat(alice.find("#emoji-panel").isDisplayed()).as("open for another pick").isTrue();
        alice.type("#message-input", Keys.ESCAPE);
        alice.waitFor(d -> !d.findElement(By.id("emoji-panel")).isDisplayed());
        alice.find("#emoji-button").sendKeys(Keys.ENTER);
        alice.waitFor(d -> d.findElement(By.id("emoji-panel")).isDisplayed());
        alice.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        alice.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        alice.type("#message-input", Keys.ESCAPE);
        alice.waitFor(d -> !d.findElement(By.id("emoji-panel")).isDisplayed());
        alice.say("!");
        alice.waitMessages("Hello Alice", "Sounds good 👍😂!");
        bob.openChat(chat.id());
        bob.waitMessages("Hello Alice", "Sounds good 👍😂!");
        assertThat(violations).isEmpty();
    }

    @Test
    void notificationsComeForChatsNotOnScreenAndNotForMutedOnes() throws Exception {
        BobAndCarolWroteToAlice chats = bobAndCarolWriteToAlice();

        WebBrowser browser = aliceLooksAtBobsChat(chats);
        allowNotifications(browser);

        send(chats.carol(), chats.withCarol(), "Dinner at eight?");
        browser.waitFor(d -> shownNotifications(browser).stream().anyMatch(n -> chats.withCarol().equals(n.get("tag"))));
        assertThat(shownNotifications(browser)).singleElement().satisfies(shown -> {
            assertThat(shown.get("title")).isEqualTo(chats.carol().name());
            assertThat(shown.get("body")).as("no text unless previews are on").isEqualTo("New message");
        });
        assertThat(browser.driver.getTitle()).as("the tab title still counts").isEqualTo("(1) Parley");

        send(chats.bob(), chats.withBob(), "In the chat you are looking at");
        browser.waitMessages("Hi from Bob", "In the chat you are looking at");

        // muted here is muted on the server, for pushes too, and for this tab
        browser.openChat(chats.withCarol());
        browser.click("#mute-chat");
        browser.waitFor(d -> "true".equals(d.findElement(By.id("mute-chat")).getDomAttribute("aria-pressed")));
        assertThat(client.get("/api/v1/push/settings", chats.alice().token()).body().path("mutes").toString()).contains(chats.withCarol());
        browser.openChat(chats.withBob());
        assertThat(browser.find("#mute-chat").getDomAttribute("aria-pressed")).isEqualTo("false");
        send(chats.carol(), chats.withCarol(), "Hello? Anyone?");
        browser.waitText("#conversation-list .conversation-preview", "Hello? Anyone?");
        Thread.sleep(500);
        assertThat(shownNotifications(browser)).as("one notification, for chats.carol()'s first message").hasSize(1);
        browser.shot("issue20-extra-notifications-muted");

        browser.driver.navigate().refresh();
        browser.waitUntilConnected();
        browser.openChat(chats.withCarol());
        browser.waitFor(d -> "true".equals(d.findElement(By.id("mute-chat")).getDomAttribute("aria-pressed")));
    }

    @Test
    void groupMembersArePickedFromSuggestions() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        send(bob, direct(bob, alice), "Hi from Bob");
        send(carol, direct(carol, alice), "Hi from Carol");

        WebBrowser browser = signedIn(alice);
        browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list .conversation")).size() == 2);
        browser.waitText("#conversation-list .conversation-title", carol.name());
        browser.click("#new-group");
        browser.type("#new-group-name", "Trio");
        browser.type("#new-group-members", "CAR");
        browser.waitText("#member-suggestions [role=option]", carol.name());
        browser.shot("issue20-extra-contact-picker");
        browser.type("#new-group-members", Keys.ARROW_DOWN, Keys.ENTER);
        browser.waitText("#member-chips .member-chip", carol.name());
        assertThat(browser.find("#new-group-dialog").isDisplayed()).as("Enter picked, it did not submit").isTrue();
        browser.type("#new-group-members", "bo");
        browser.click("#member-suggestions [role=option]");
        browser.waitText("#member-chips .member-chip", bob.name());
        assertThat(seriousViolations(browser, "contact picker")).isEmpty();
        browser.click("#new-group-form button[type=submit]");
        browser.waitFor(d -> d.findElement(By.id("chat-name")).getText().equals("Trio"));

        String group = (String) browser.js("return new URLSearchParams(location.search).get('chat')");
        browser.waitFor(d -> {
            List<String> members = new java.util.ArrayList<>();
            client.get("/api/v1/conversations/" + group + "/receipts", alice.token()).body().path("members")
                    .forEach(member -> members.add(member.path("userId").asText()));
            return members.size() == 3 && members.containsAll(List.of(alice.id(), bob.id(), carol.id()));
        });
    }

    /** An avatar as it looks: its text and background colour. */
    private static String avatarLook(WebBrowser browser, String css) {
        return (String) browser.js("const a = document.querySelector(arguments[0]);"
                + "return a.firstChild.textContent + ' ' + getComputedStyle(a).backgroundColor", css);
    }

    /** Notifications allowed for the page, and each one it shows kept in window.shownNotifications. */
    private void allowNotifications(WebBrowser browser) {
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", "http://127.0.0.1:" + port, "permissions", List.of("notifications")));
        browser.js("window.shownNotifications = []; const Shown = window.Notification;"
                + "window.Notification = class extends Shown { constructor(title, options) {"
                + " window.shownNotifications.push({title, body: options.body, tag: options.tag}); super(title, options); } };");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> shownNotifications(WebBrowser browser) {
        return (List<Map<String, Object>>) browser.js("return window.shownNotifications");
    }

    /** Ten live messages from the peer: the sorted durations (ms) of handling their frames. */
    private List<Double> liveMessageCosts(WebBrowser browser, Person from, String chat, String label) {
        browser.js("performance.clearMeasures('parley:message-frame')");
        for (int i = 1; i <= 10; i++) {
            String text = label + " live message " + i;
            send(from, chat, text);
            browser.waitFor(d -> browser.messageTexts().contains(text));
        }
        @SuppressWarnings("unchecked")
        List<Number> durations = (List<Number>) browser.js(
                "return performance.getEntriesByName('parley:message-frame').map(entry => entry.duration)");
        assertThat(durations).hasSizeGreaterThanOrEqualTo(10);
        return durations.stream().map(Number::doubleValue).sorted().toList();
    }

    /** axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is: the serious and critical violations, described. */
    private static List<String> seriousViolations(WebBrowser browser, String where) {
        var results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(browser.driver);
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> where + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getNodes().stream()
                        .map(node -> node.getTarget() + " " + node.getFailureSummary()).toList())
                .toList();
    }

    /** {@code count} messages "Missed 1".."Missed n" over a socket, as fast as it acknowledges them. */
    private void sendOverSocket(Person from, String conversationId, int count) throws InterruptedException {
        try (SocketClient socket = SocketClient.connect(port, from.token())) {
            for (int i = 1; i <= count; i++) {
                socket.send(Map.of("type", "send", "id", "s" + i, "conversationId", conversationId,
                        "clientMessageId", UUID.randomUUID().toString(), "text", "Missed " + i));
                if (i % 50 == 0 || i == count) {
                    String id = "s" + i;
                    socket.await(frame -> frame.path("type").asText().equals("ack") && frame.path("id").asText().equals(id),
                            Duration.ofSeconds(20));
                }
            }
        }
    }

    /** The browser's network on or off, as DevTools does it (the page gets its online/offline events). */
    private static void network(WebBrowser browser, boolean online) {
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand("Network.enable", Map.of());
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", !online, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    // ------------------------------------------------------------ people and conversations over HTTP

    /** Two people and the direct chat between them, which the peer started. */
    private Chat chatBetween(String me, String peer) {
        Person mine = person(me);
        Person theirs = person(peer);
        return new Chat(mine, theirs, direct(theirs, mine));
    }

    private String group(Person creator, String title, Person... members) {
        ParleyClient.Response created = client.post("/api/v1/conversations/groups", creator.token(),
                Map.of("title", title, "memberIds", List.of(members).stream().map(Person::id).toList()));
        assertThat(created.status()).as("group: %s", created).isBetween(200, 201);
        return created.text("conversationId");
    }

    private long readUpTo(Person asker, String conversationId, Person reader) {
        JsonNode receipts = client.get("/api/v1/conversations/" + conversationId + "/receipts", asker.token()).body();
        for (JsonNode member : receipts.path("members")) {
            if (member.path("userId").asText().equals(reader.id())) {
                return member.path("readUpTo").asLong();
            }
        }
        return 0;
    }

    private void awaitReadUpTo(Person asker, String conversationId, Person reader, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (readUpTo(asker, conversationId, reader) < seq) {
            assertThat(System.nanoTime()).as("%s never read up to %d", reader.name(), seq).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void eventuallyFindable(Person person) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (client.get("/api/v1/users/" + person.name(), person.token()).status() != 200) {
            assertThat(System.nanoTime()).as("%s never became findable", person.name()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String inputValue(WebBrowser browser) {
        return (String) browser.js("return document.getElementById('message-input').value");
    }
}
