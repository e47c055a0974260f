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
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing up, logging out and in, and switching between the companies of one account. */
class AccountTest {

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Browser browser;

  @BeforeAll
  static void setUp() {
    browser = Browser.open(server.url());
  }

  @AfterEach
  void noScriptErrors() {
    for (Browser each : List.of(browser)) {
      each.assertNoScriptErrors();
    }
  }

  @AfterAll
  static void stop() {
    browser.quit();
  }

  @Test
  void signingUpOpensTheNewCompanyAndBadInputIsExplainedNextToItsField() {
    String email = Api.email("founder");
    browser.driver.manage().deleteAllCookies();
    browser.driver.get(server.url());
    browser.waitFor(By.id("show-signup"), Browser.SETUP).click();
    WebElement form = browser.waitFor(By.id("signup-form"), Browser.SETUP);
    form.findElement(By.name("companyName")).sendKeys("Fresh Start Ltd");
    form.findElement(By.name("name")).sendKeys("Fay Founder");
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys("short");
    form.findElement(By.cssSelector("[type=submit]")).click();
    browser.await(Browser.SETUP, "the password error", d ->
        form.findElement(By.name("password")).getAttribute("aria-invalid") != null);
    assertThat(browser.textOf("#signup-form [data-field=password] .field-error"))
        .isEqualTo("Password must be at least 8 characters");

    browser.type(form.findElement(By.name("password")), Api.PASSWORD);
    form.findElement(By.cssSelector("[type=submit]")).click();
    browser.awaitConnection("live", Browser.SETUP);
    assertThat(browser.textOf("#company-name")).contains("Fresh Start Ltd");
    assertThat(browser.textOf("#account-name")).isEqualTo("Fay Founder");

    browser.driver.findElement(By.id("logout")).click();
    browser.waitFor(By.id("login-form"), Browser.SETUP);
    assertThat(browser.pageText()).contains("You are logged out.");
    assertThat(api.call("POST", "api/auth/login", Map.of("email", email, "password", Api.PASSWORD),
        null).status()).isEqualTo(200);
  }

  @Test
  void aMemberOfTwoCompaniesSwitchesBetweenThemAndSeesOnlyTheChosenOnesData() {
    Api.Session north = api.signup("North Branch", "Nora North");
    Api.Session south = api.signup("South Branch", "Sam South");
    api.call("POST", "api/customers", Map.of("name", "Only In North"), north).expect(201);
    api.call("POST", "api/customers", Map.of("name", "Only In South"), south).expect(201);
    api.join(south, north, "agent");

    browser.driver.manage().deleteAllCookies();
    browser.logIn(north.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
    browser.go("customers");
    Select company = new Select(browser.waitFor(By.id("company-select"), Browser.SETUP));
    company.selectByVisibleText("North Branch");
    browser.await(Browser.SETUP, "North's customers", d ->
        browser.customerNames().equals(java.util.List.of("Only In North")));

    new Select(browser.driver.findElement(By.id("company-select"))).selectByVisibleText("South Branch");
    browser.await(Browser.SETUP, "South's customers", d ->
        browser.customerNames().equals(java.util.List.of("Only In South")));
    browser.awaitConnection("live", Browser.SETUP);

    api.call("POST", "api/customers", Map.of("name", "New In North"), north).expect(201);
    api.call("POST", "api/customers", Map.of("name", "New In South"), south).expect(201);
    browser.await(CollaborationTest.WITHIN_A_SECOND, "South's new customer", d ->
        browser.customerNames().contains("New In South"));
    assertThat(browser.customerNames()).doesNotContain("New In North", "Only In North");

    browser.driver.navigate().refresh();
    browser.await(Browser.SETUP, "the remembered company", d ->
        browser.customerNames().contains("Only In South"));
  }
}
