package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client (realtime-gateway's static assets) end to end in a real headless Chromium: two browsers, alice and
 * bob, each with its own ChromeDriver and profile. Needs Debian's chromium and chromium-driver; skipped without them.
 * Screenshots of the key screens go to target/screenshots/.
 */
class WebClientE2ETest extends StandaloneTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "correct horse battery";

    @Test
    void aliceAndBobChatInTheBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: the web client e2e test needs /usr/bin/chromium and /usr/bin/chromedriver "
                        + "(apt-get install -y chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        String aliceName = uniqueName("alice");
        String bobName = uniqueName("bob");
        try (Browser alice = new Browser("alice"); Browser bob = new Browser("bob")) {
            try {
                scenario(alice, bob, aliceName, bobName);
                // the Content-Security-Policy let everything the scenario needed through: nothing refused
                assertThat(alice.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
                assertThat(bob.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
            } catch (Throwable failure) {
                alice.shot("failure-alice");
                bob.shot("failure-bob");
                alice.printConsole();
                bob.printConsole();
                throw failure;
            }
        }
    }

    private void scenario(Browser alice, Browser bob, String aliceName, String bobName) throws Exception {
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

            // bob opens it: the message is read, alice sees blue ticks
            bob.click("#conversation-list .conversation");
            bob.waitMessages("Hi Bob!");
            alice.waitStatus("Hi Bob!", "read");
            assertThat(alice.lastTicks("Hi Bob!").getCssValue("color")).isEqualTo("rgba(83, 189, 235, 1)");
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
            Path png = png(Files.createTempFile("holiday", ".png"), 960, 640);
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

    private static Path png(Path file, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x00a884), width, height, new Color(0x53bdeb)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 3, height / 4, width / 3, height / 2);
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One browser (its own chromedriver and fresh profile): the person's view of Parley. */
    static final class Browser implements AutoCloseable {

        final WebDriver driver;
        private final String who;
        private final Path profile;

        Browser(String who) throws IOException {
            this.who = who;
            this.profile = Files.createTempDirectory("parley-chromium-" + who);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toString());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1200,800", "--lang=en-US", "--user-data-dir=" + profile);
            options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            this.driver = new ChromeDriver(service, options);
        }

        void open(int port) {
            driver.get("http://127.0.0.1:" + port + "/");
            waitFor(d -> d.findElement(By.id("auth-view")).isDisplayed());
        }

        void register(String username, String displayName) {
            click("#tab-register");
            type("#auth-username", username);
            type("#auth-display-name", displayName);
            type("#auth-password", PASSWORD, Keys.ENTER);
            waitFor(d -> d.findElement(By.id("app-view")).isDisplayed());
            waitFor(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.parley.connected")));
        }

        void say(String text) {
            type("#message-input", text, Keys.ENTER);
        }

        WebElement find(String css) {
            return driver.findElement(By.cssSelector(css));
        }

        String text(String css) {
            return find(css).getText();
        }

        /** Finds and clicks in one go, again if the app re-rendered the element in between. */
        void click(String css) {
            waitFor(d -> {
                WebElement element = d.findElement(By.cssSelector(css));
                if (!element.isDisplayed()) {
                    return false;
                }
                element.click();
                return true;
            });
        }

        void type(String css, CharSequence... keys) {
            find(css).sendKeys(keys);
        }

        Object js(String script) {
            return ((JavascriptExecutor) driver).executeScript(script);
        }

        <T> T waitFor(Function<WebDriver, T> condition) {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                    .ignoring(StaleElementReferenceException.class) // the app re-renders lists as frames arrive
                    .withMessage(() -> who + ": waited in vain; messages " + messageTexts())
                    .until((ExpectedCondition<T>) condition::apply);
        }

        void waitText(String css, String contained) {
            waitFor(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(contained)));
        }

        @SuppressWarnings("unchecked")
        List<String> messageTexts() {
            return (List<String>) js("return [...document.querySelectorAll('#message-items .msg .text')].map(e => e.textContent)");
        }

        /** Exactly these messages, in this order. */
        void waitMessages(String... texts) {
            waitFor(d -> messageTexts().equals(List.of(texts)));
        }

        WebElement lastTicks(String text) {
            List<WebElement> mine = driver.findElements(By.xpath(
                    "//div[contains(@class,'msg') and contains(@class,'out')][.//p[@class='text' and text()="
                            + xpathLiteral(text) + "]]//span[contains(@class,'ticks')]"));
            return mine.get(mine.size() - 1);
        }

        void waitStatus(String text, String... statuses) {
            List<String> wanted = List.of(statuses);
            waitFor(d -> {
                try {
                    return wanted.contains(lastTicks(text).getDomAttribute("data-status"));
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
        }

        /** The console's messages since the last call (Chromium reports a policy violation there). */
        List<String> consoleLines() {
            return driver.manage().logs().get("browser").getAll().stream().map(Object::toString).toList();
        }

        void printConsole() {
            try {
                driver.manage().logs().get("browser").forEach(entry -> System.out.println(who + " console: " + entry));
            } catch (RuntimeException unsupported) {
                System.out.println(who + ": no console log (" + unsupported.getMessage() + ")");
            }
        }

        void shot(String name) {
            try {
                Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String xpathLiteral(String text) {
            return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException ignored) {
                    // a temp directory
                }
            }
        }
    }
}
