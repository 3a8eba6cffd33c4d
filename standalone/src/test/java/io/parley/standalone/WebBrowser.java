package io.parley.standalone;

import org.openqa.selenium.By;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One headless Chromium (its own chromedriver and fresh profile): a person's view of Parley in the web client. Needs
 * Debian's chromium and chromium-driver ({@link #available()}); screenshots go to target/screenshots/.
 */
final class WebBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "correct horse battery";


    final WebDriver driver;
    private final String who;
    private final Path profile;

    WebBrowser(String who) throws IOException {
        this.who = who;
        this.profile = Files.createTempDirectory("parley-chromium-" + who);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,800", "--lang=en-US", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.setExperimentalOption("prefs", java.util.Map.of(
                "download.default_directory", profile.resolve("downloads").toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    String who() {
        return who;
    }

    /** Where this browser saves downloads. */
    Path downloads() {
        return profile.resolve("downloads");
    }

    /** Signs in to an account registered over HTTP ({@link ParleyClient#register}, whose password this is). */
    void signIn(int port, String username) {
        open(port);
        type("#auth-username", username);
        type("#auth-password", "correct horse", Keys.ENTER);
        waitUntilConnected();
    }

    void waitUntilConnected() {
        waitFor(d -> d.findElement(By.id("app-view")).isDisplayed());
        waitFor(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.parley.connected")));
    }

    /** Opens a conversation from the list, once it is there. */
    void openChat(String conversationId) {
        click("#conversation-list [data-id='" + conversationId + "']");
        waitFor(d -> d.findElement(By.id("chat")).isDisplayed());
    }

    boolean bool(String script) {
        return Boolean.TRUE.equals(js(script));
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
        waitUntilConnected();
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

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
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

    /** A PNG image of this size (a gradient and a circle), for attaching. */
    static Path png(Path file, int width, int height) {
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
