package dev.chatmesh.server.web;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;

/**
 * What a person does in the customers page, through the UI only. Every action returns once the
 * app shows the server's answer, i.e. once the change is committed.
 */
final class Crm {

  private static final Duration ANSWER = Duration.ofSeconds(10);

  private final Browser b;

  Crm(Browser browser) {
    this.b = browser;
  }

  /** Adds a customer with the "New customer" dialog; returns its id once its page shows. */
  String createCustomer(String name, String email, String phone) {
    return createCustomer(name, email, phone, "");
  }

  /** The same, with tags (comma-separated). */
  String createCustomer(String name, String email, String phone, String tags) {
    b.go("customers");
    b.waitFor(By.id("new-customer"), ANSWER).click();
    WebElement form = b.waitFor(By.id("customer-create-form"), ANSWER);
    form.findElement(By.name("name")).sendKeys(name);
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("phone")).sendKeys(phone);
    form.findElement(By.name("tags")).sendKeys(tags);
    form.findElement(By.cssSelector("[type=submit]")).click();
    b.await(ANSWER, "the new customer's page", d -> name.equals(b.textOf("#customer-name"))
        && d.findElements(By.id("customer-create-form")).isEmpty());
    return (String) b.js("return document.querySelector('#customer-detail')?.dataset.id ?? null");
  }

  /** Shows a customer's page. */
  void open(String id) {
    b.go("customers/" + id);
    b.await(ANSWER, "customer " + id, d -> b.js(
        "return document.querySelector('#customer-detail[data-id=\"' + arguments[0] + '\"] #customer-name')",
        id) != null);
  }

  /** Edits the open customer's name and phone with the edit form. */
  void edit(String name, String phone) {
    b.waitFor(By.id("edit-customer"), ANSWER).click();
    WebElement form = b.waitFor(By.id("customer-edit-form"), ANSWER);
    b.type(form.findElement(By.name("name")), name);
    b.type(form.findElement(By.name("phone")), phone);
    form.findElement(By.cssSelector("[type=submit]")).click();
    b.await(ANSWER, "the saved customer", d -> name.equals(b.textOf("#customer-name")));
  }

  /** Assigns the open customer to the employee whose option starts with {@code employee}. */
  void assign(String employee) {
    Select select = new Select(b.waitFor(By.id("assign-select"), ANSWER));
    for (WebElement option : select.getOptions()) {
      if (option.getText().startsWith(employee)) {
        select.selectByVisibleText(option.getText());
        break;
      }
    }
    b.await(ANSWER, "the assignment saved", d -> assignee(b).startsWith(employee)
        && b.js("return document.querySelector('#assign-select').disabled") == Boolean.FALSE);
  }

  /** Writes a note on the open customer. */
  void addNote(String body) {
    WebElement form = b.waitFor(By.id("note-form"), ANSWER);
    form.findElement(By.name("body")).sendKeys(body);
    form.findElement(By.id("add-note")).click();
    b.await(ANSWER, "the note shown", d -> notes(b).contains(body)
        && form.findElement(By.name("body")).getAttribute("value").isEmpty());
  }

  /** Replaces the text of the note reading {@code before}. */
  void editNote(String before, String after) {
    note(before).findElement(By.xpath(".//button[normalize-space()='Edit']")).click();
    WebElement form = b.waitFor(By.cssSelector("#notes .note-edit"), ANSWER);
    b.type(form.findElement(By.name("body")), after);
    form.findElement(By.cssSelector("[type=submit]")).click();
    b.await(ANSWER, "the edited note", d -> notes(b).contains(after) && !notes(b).contains(before));
  }

  /** Deletes the note reading {@code body}, confirming the dialog. */
  void deleteNote(String body) {
    note(body).findElement(By.xpath(".//button[normalize-space()='Delete']")).click();
    b.waitFor(By.id("confirm-ok"), ANSWER).click();
    b.await(ANSWER, "the note gone", d -> !notes(b).contains(body));
  }

  /** Deletes the open customer, confirming the dialog; returns once the list no longer has it. */
  void deleteCustomer(String name) {
    b.waitFor(By.id("delete-customer"), ANSWER).click();
    b.waitFor(By.id("confirm-ok"), ANSWER).click();
    b.await(ANSWER, "the customer gone", d -> !b.customerNames().contains(name)
        && d.findElements(By.id("customer-detail")).isEmpty());
  }

  /** The note bodies shown on the open customer's page. */
  @SuppressWarnings("unchecked")
  static List<String> notes(Browser browser) {
    return (List<String>) browser.js("return [...document.querySelectorAll('#notes .note-body')]"
        + ".map(e => e.textContent)");
  }

  /** The open customer's assignee as the select shows it. */
  static String assignee(Browser browser) {
    Object text = browser.js("const s = document.querySelector('#assign-select');"
        + " return s ? s.selectedOptions[0].textContent : ''");
    return (String) text;
  }

  /** The phone shown on the open customer's page. */
  static String phone(Browser browser) {
    String phone = browser.textOf("#customer-phone");
    return phone == null ? "" : phone;
  }

  private WebElement note(String body) {
    return b.await(ANSWER, "note " + body, d -> d.findElements(By.cssSelector("#notes .note")).stream()
        .filter(n -> n.findElements(By.className("note-body")).stream()
            .anyMatch(p -> body.equals(p.getText())))
        .findFirst().orElse(null));
  }
}
