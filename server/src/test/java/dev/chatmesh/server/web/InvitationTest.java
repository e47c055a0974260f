package dev.chatmesh.server.web;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People join through invitations in the app: an admin invites and hands over the link, a new
 * person opens it and sets their own name and password, an existing account accepts from its
 * list; the admin's page shows the invitation pending and then the new colleague, live.
 */
class InvitationTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Browser admin;
  static Browser invitee;

  @BeforeAll
  static void setUp() {
    admin = Browser.open(server.url());
    invitee = Browser.open(server.url());
  }

  @AfterEach
  void noScriptErrors() {
    for (Browser each : List.of(admin, invitee)) {
      each.assertNoScriptErrors();
    }
  }

  @AfterAll
  static void stop() {
    admin.quit();
    invitee.quit();
  }

  @Test
  void anAdminInvitesANewPersonWhoJoinsWithTheLinkAndAppearsLive() {
    Api.Session ada = api.signup("Link Co", "Ada Admin");
    String email = Api.email("newcomer");
    admin.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
    admin.go("employees");
    admin.waitFor(By.id("invite-employee"), Browser.SETUP).click();
    WebElement dialog = admin.waitFor(By.cssSelector("dialog[open]"), Browser.SETUP);
    dialog.findElement(By.name("email")).sendKeys(email);
    dialog.findElement(By.cssSelector("[type=submit]")).click();
    String link = admin.await(Browser.SETUP, "the invitation link", d ->
        (String) admin.js("return document.querySelector('#invitation-url')?.value || null"));
    assertThat(link).startsWith(server.url() + "#/invite/");
    admin.await(Browser.SETUP, "the pending invitation", d ->
        email.equals(admin.textOf("#invitation-rows .invitation-email")));
    dialog.findElement(By.xpath(".//button[text()='Done']")).click();

    invitee.driver.manage().deleteAllCookies();
    invitee.driver.get(link);
    WebElement form = invitee.waitFor(By.id("redeem-form"), Browser.SETUP);
    assertThat(invitee.pageText()).contains("Join Link Co").contains(email);
    form.findElement(By.name("name")).sendKeys("Nell Newcomer");
    form.findElement(By.name("password")).sendKeys("nell's own password");
    form.findElement(By.cssSelector("[type=submit]")).click();
    invitee.awaitConnection("live", Browser.SETUP);
    assertThat(invitee.textOf("#company-name")).contains("Link Co");
    assertThat(invitee.textOf("#account-name")).isEqualTo("Nell Newcomer");
    assertThat(invitee.driver.getCurrentUrl()).doesNotContain("invite");

    admin.await(Browser.SETUP, "the new colleague, live", d -> admin.pageText()
        .contains("Nell Newcomer"));
    admin.await(Browser.SETUP, "the invitation gone from the pending list", d ->
        admin.driver.findElements(By.cssSelector("#invitation-rows tr")).isEmpty());
    assertThat(api.call("POST", "api/auth/login", Map.of("email", email,
        "password", "nell's own password"), null).status()).isEqualTo(200);
  }

  @Test
  void anExistingAccountAcceptsAnInvitationFromItsListAndActsInTheNewCompany() {
    Api.Session inviter = api.signup("Second Home", "Sam Inviter");
    Api.Session person = api.signup("First Home", "Fern Person");
    api.call("POST", "api/employees/invitations", Map.of("email", person.email()), inviter)
        .expect(201);
    invitee.driver.manage().deleteAllCookies();
    invitee.logIn(person.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
    invitee.waitFor(By.cssSelector("#my-invitations button[aria-label='Accept Second Home']"),
        Browser.SETUP).click();
    invitee.await(Browser.SETUP, "the new company", d ->
        "Second Home".equals(invitee.js("const s = document.querySelector('#company-select');"
            + " return s ? s.selectedOptions[0].text : null")));
    invitee.awaitConnection("live", Browser.SETUP);
    assertThat(invitee.driver.findElements(By.cssSelector("#my-invitations .invitation")))
        .isEmpty();
  }

  @Test
  void aLinkForAnExistingAccountAsksToLogInAndAccept() {
    Api.Session inviter = api.signup("Third Co", "Tia Inviter");
    Api.Session person = api.signup("Own Place", "Oren Person");
    String path = api.call("POST", "api/employees/invitations", Map.of("email", person.email()),
        inviter).expect(201).json().get("path").asText();
    invitee.driver.manage().deleteAllCookies();
    invitee.driver.get(server.url() + path.substring(1));
    WebElement form = invitee.waitFor(By.id("login-form"), Browser.SETUP);
    assertThat(invitee.pageText()).contains("already has a ChatMesh account");
    form.findElement(By.name("password")).sendKeys(Api.PASSWORD);
    form.findElement(By.cssSelector("[type=submit]")).click();
    invitee.awaitConnection("live", Browser.SETUP);
    invitee.await(Browser.SETUP, "acting in the inviting company", d ->
        "Third Co".equals(invitee.js("const s = document.querySelector('#company-select');"
            + " return s ? s.selectedOptions[0].text : null")));
  }
}
