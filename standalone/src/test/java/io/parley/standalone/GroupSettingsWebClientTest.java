package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group settings panel end to end in headless Chromium: the admin renames the group, describes it, lets only
 * admins send and creates an invite link; a member sees each as a system line and the composer closed; someone else
 * joins by opening the link. Screenshots go to target/screenshots/ (see WebClientTest).
 */
class GroupSettingsWebClientTest extends WebClientTest {

    @Test
    void anAdminRunsTheGroupFromItsSettingsAndSomeoneJoinsByLink() throws Exception {
        String aliceName = uniqueName("alice");
        String bobName = uniqueName("bob");
        String carolName = uniqueName("carol");
        client.register(aliceName);
        Session bobSession = client.registerAndLogin(bobName);
        client.register(carolName);
        Session aliceSession = client.login(aliceName, "setup");
        String group = client.post("/api/v1/conversations/groups", aliceSession.accessToken(),
                Map.of("title", "Lunch", "memberIds", List.of(bobSession.userId()))).text("conversationId");

        WebBrowser alice = browser("alice");
        WebBrowser bob = browser("bob");
        alice.signIn(port, aliceName);
        bob.signIn(port, bobName);
        alice.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list [data-id='" + group + "']")).isEmpty());
        alice.openChat(group);
        bob.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list [data-id='" + group + "']")).isEmpty());
        bob.openChat(group);

        alice.click("#chat-info");
        alice.waitFor(d -> d.findElement(By.id("group-settings-form")).isDisplayed());
        alice.find("#group-title-input").clear();
        alice.type("#group-title-input", "Dinner club");
        alice.type("#group-description-input", "Fridays at 8");
        alice.click("#group-settings-form button[type='submit']");
        alice.click("#only-admins-send");
        alice.click("#create-invite-link");
        alice.waitFor(d -> d.findElement(By.id("invite-link-url")).isDisplayed());
        String link = alice.find("#invite-link-url").getDomProperty("value");
        assertThat(link).contains("#join/" + group + "/");
        alice.waitText("#invite-link-state", "has an invite link");
        alice.waitText("#info-title", "Dinner club");
        alice.shot("groups-01-alice-settings");

        bob.waitText("#chat-name", "Dinner club");
        bob.waitText("#message-items", "renamed the group “Dinner club”");
        bob.waitText("#message-items", "let only admins send messages");
        bob.waitText("#message-items", "created a new invite link");
        bob.shot("groups-02-bob-sees-system-lines");

        WebBrowser carol = browser("carol");
        carol.signIn(port, carolName);
        carol.js("location.href = arguments[0]; location.reload();", link);
        carol.waitUntilConnected();
        carol.waitText("#chat-name", "Dinner club");
        carol.waitText("#chat-status", bobName);
        carol.waitText("#message-items", "joined using the invite link");
        carol.waitText("#message-items", "created the group “Lunch”");
        carol.shot("groups-03-carol-joined-by-link");
        bob.waitText("#message-items", carolName + " was added"); // live; from history: "… joined using the invite link"
    }
}
