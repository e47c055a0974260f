package dev.chatmesh.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import dev.chatmesh.server.support.Snapshot;
import dev.chatmesh.server.support.SseTap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joining a company takes consent: an admin's invitation makes nobody a member, answers alike
 * for known and unknown addresses, and only the invited person turns it into a membership, by
 * accepting while signed in or by redeeming its one-time link as a new account.
 */
class InvitationsTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session admin;

  @BeforeAll
  static void setUp() {
    admin = api.signup("Inviting Co", "Ida Admin");
  }

  @Test
  void anAdminCannotAddAnExistingAccountToTheCompanyWithoutItsConsent() {
    Api.Session victim = api.signup("Own Co", "Val Victim").withoutCompany();
    api.call("POST", "api/employees", Map.of("name", "Val Victim", "email", victim.email(),
        "role", "agent"), admin).problem(405);
    invite(victim.email(), "agent");
    JsonNode me = api.call("GET", "api/auth/me", null, victim).expect(200).json();
    assertThat(me.get("memberships")).as("an invitation alone makes nobody a member").hasSize(1);
    assertThat(names(api.call("GET", "api/employees?limit=200", null, admin).json()))
        .doesNotContain("Val Victim");
  }

  @Test
  void theInvitationAnswerIsAlikeForAnExistingAccountAndANewAddress() {
    Api.Session known = api.signup("Known Co", "Kai Known");
    Api.Res forKnown = api.call("POST", "api/employees/invitations", Map.of("email",
        known.email(), "role", "agent"), admin);
    Api.Res forNew = api.call("POST", "api/employees/invitations", Map.of("email",
        Api.email("nobody"), "role", "agent"), admin);
    assertThat(forKnown.status()).isEqualTo(201).isEqualTo(forNew.status());
    assertThat(shape(forKnown.json())).isEqualTo(shape(forNew.json()));
    assertThat(forKnown.json().get("invitation").get("status").asText()).isEqualTo("pending");
    assertThat(forNew.json().get("path").asText())
        .isEqualTo("/#/invite/" + forNew.json().get("token").asText());
  }

  @Test
  void theInvitedAccountSeesItsInvitationsFromEveryCompanyAndAcceptsOne() {
    Api.Session other = api.signup("Second Inviter", "Sol Second");
    Api.Session person = api.signup("Home Co", "Pia Person").withoutCompany();
    long ours = invite(person.email(), "admin").get("invitation").get("id").asLong();
    long theirs = api.call("POST", "api/employees/invitations", Map.of("email", person.email()),
        other).expect(201).json().get("invitation").get("id").asLong();

    JsonNode mine = api.call("GET", "api/invitations", null, person).expect(200).json();
    assertThat(mine.get("items")).extracting(i -> i.get("id").asLong())
        .containsExactlyInAnyOrder(ours, theirs);
    assertThat(mine.get("items")).extracting(i -> i.get("companyName").asText())
        .contains("Inviting Co", "Second Inviter");
    assertThat(mine.toString()).doesNotContain("token");

    try (SseTap adminTap = SseTap.open(server, admin)) {
      adminTap.awaitEvent("ready", WAIT);
      JsonNode membership = api.call("POST", "api/invitations/" + ours + "/accept", null,
          person).expect(200).json();
      assertThat(membership.get("companyId").asLong()).isEqualTo(admin.companyId());
      assertThat(membership.get("role").asText()).isEqualTo("admin");
      JsonNode created = adminTap.awaitEvent("employee_created", WAIT).object();
      assertThat(created.get("name").asText()).isEqualTo("Pia Person");
      assertThat(created.get("id").asLong()).isEqualTo(membership.get("employeeId").asLong());
      JsonNode ended = adminTap.awaitEvent("invitation_updated", WAIT).object();
      assertThat(ended.get("status").asText()).isEqualTo("accepted");
    }
    api.call("POST", "api/invitations/" + theirs + "/decline", null, person).expect(204);
    JsonNode me = api.call("GET", "api/auth/me", null, person).expect(200).json();
    assertThat(me.get("memberships")).extracting(m -> m.get("companyName").asText())
        .containsExactlyInAnyOrder("Home Co", "Inviting Co");
    assertThat(api.call("GET", "api/invitations", null, person).json().get("items")).isEmpty();
    api.call("POST", "api/invitations/" + ours + "/accept", null, person).problem(404);
  }

  @Test
  void aNewPersonRedeemsTheLinkWithTheirOwnNameAndPasswordOnce() {
    String email = Api.email("newbie");
    String token = invite(email, "agent").get("token").asText();
    JsonNode preview = api.call("POST", "api/invitations/preview", Map.of("token", token), null)
        .expect(200).json();
    assertThat(preview.get("hasAccount").asBoolean()).isFalse();
    assertThat(preview.get("invitation").get("companyName").asText()).isEqualTo("Inviting Co");

    Api.Res joined = api.call("POST", "api/invitations/redeem", Map.of("token", token,
        "name", "Nico New", "password", "my own password"), null).expect(201);
    assertThat(joined.json().get("memberships")).hasSize(1);
    assertThat(joined.json().get("account").get("email").asText()).isEqualTo(email);
    assertThat(joined.headers().allValues("set-cookie")).anyMatch(c -> c.startsWith(
        "chatmesh_session="));
    api.login(email, "my own password");

    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/invitations/redeem", Map.of("token", token, "name", "Again",
        "password", "another password"), null).problem(404);
    api.call("POST", "api/invitations/preview", Map.of("token", token), null).problem(404);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void aLinkForAnAddressWithAnAccountOnlyLeadsToLoggingInAndAccepting() {
    Api.Session owner = api.signup("Owner Co", "Otto Owner").withoutCompany();
    String token = invite(owner.email(), "agent").get("token").asText();
    assertThat(api.call("POST", "api/invitations/preview", Map.of("token", token), null)
        .expect(200).json().get("hasAccount").asBoolean()).isTrue();
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/invitations/redeem", Map.of("token", token, "name", "Mallory",
        "password", "taken over?"), null).problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
    api.login(owner.email(), Api.PASSWORD);
  }

  @Test
  void someoneElsesInvitationIsNotFound() {
    Api.Session invited = api.signup("Invited Co", "Ina Invited").withoutCompany();
    Api.Session stranger = api.signup("Stranger Co", "Stan Stranger").withoutCompany();
    long id = invite(invited.email(), "agent").get("invitation").get("id").asLong();
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/invitations/" + id + "/accept", null, stranger).problem(404);
    api.call("POST", "api/invitations/" + id + "/decline", null, stranger).problem(404);
    assertThat(api.call("GET", "api/invitations", null, stranger).json().get("items")).isEmpty();
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void aWithdrawnOrReplacedInvitationNoLongerWorks() {
    String email = Api.email("maybe");
    JsonNode first = invite(email, "agent");
    JsonNode second = invite(email, "admin");
    api.call("POST", "api/invitations/preview", Map.of("token", first.get("token").asText()),
        null).problem(404);
    assertThat(api.call("GET", "api/employees/invitations", null, admin).json().get("items"))
        .extracting(i -> i.get("email").asText()).containsOnlyOnce(email);

    long id = second.get("invitation").get("id").asLong();
    api.call("DELETE", "api/employees/invitations/" + id, null, admin).expect(204);
    api.call("DELETE", "api/employees/invitations/" + id, null, admin).problem(404);
    api.call("POST", "api/invitations/redeem", Map.of("token", second.get("token").asText(),
        "name", "Too Late", "password", Api.PASSWORD), null).problem(404);
  }

  @Test
  void anInvitationExpiresAfterSevenDays() {
    JsonNode issued = invite(Api.email("slow"), "agent");
    Instant expires = Instant.parse(issued.get("invitation").get("expiresAt").asText());
    Instant created = Instant.parse(issued.get("invitation").get("createdAt").asText());
    assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(7));
    // Seven days later: the row's expiry is moved into the past rather than the clock forward.
    server.database().transaction(handle -> handle.createUpdate("UPDATE invitations SET "
        + "expires_at = :past WHERE id = :id").bind("past", System.currentTimeMillis() - 1)
        .bind("id", issued.get("invitation").get("id").asLong()).execute());
    api.call("POST", "api/invitations/redeem", Map.of("token", issued.get("token").asText(),
        "name", "Sid Slow", "password", Api.PASSWORD), null).problem(404);
    assertThat(api.call("GET", "api/employees/invitations", null, admin).json().get("items"))
        .extracting(i -> i.get("id").asLong())
        .doesNotContain(issued.get("invitation").get("id").asLong());
  }

  @Test
  void onlyAdminsInviteAndWithdrawAndAMemberCannotBeInvitedAgain() {
    Api.Session agent = api.invite(admin, "Ari Agent", "agent");
    long id = invite(Api.email("x"), "agent").get("invitation").get("id").asLong();
    Snapshot before = Snapshot.of(server);
    api.call("POST", "api/employees/invitations", Map.of("email", Api.email("y")), agent)
        .problem(403);
    api.call("DELETE", "api/employees/invitations/" + id, null, agent).problem(403);
    api.call("POST", "api/employees/invitations", Map.of("email", agent.email()), admin)
        .problem(409);
    assertThat(Snapshot.of(server)).isEqualTo(before);
  }

  @Test
  void onlyTheTokensHashIsStored() {
    String token = invite(Api.email("hashed"), "agent").get("token").asText();
    List<Map<String, Object>> rows = server.database().read(handle -> handle.createQuery(
        "SELECT * FROM invitations").mapToMap().list());
    assertThat(rows.toString()).doesNotContain(token);
  }

  @Test
  void theCompanysMembersSeeInvitationsComeAndGoLive() {
    try (SseTap tap = SseTap.open(server, admin)) {
      tap.awaitEvent("ready", WAIT);
      long id = invite(Api.email("live"), "agent").get("invitation").get("id").asLong();
      JsonNode created = tap.awaitEvent("invitation_created", WAIT).object();
      assertThat(created.get("id").asLong()).isEqualTo(id);
      assertThat(tap.raw()).doesNotContain("token");
      api.call("DELETE", "api/employees/invitations/" + id, null, admin).expect(204);
      assertThat(tap.awaitEvent("invitation_updated", WAIT).object().get("status").asText())
          .isEqualTo("revoked");
    }
  }

  private static JsonNode invite(String email, String role) {
    return api.call("POST", "api/employees/invitations", Map.of("email", email, "role", role),
        admin).expect(201).json();
  }

  /** Field names and value kinds, nested: what an answer tells apart from the values. */
  private static String shape(JsonNode node) {
    if (!node.isObject()) {
      return node.getNodeType().name();
    }
    StringBuilder out = new StringBuilder("{");
    node.properties().forEach(e -> out.append(e.getKey()).append(':')
        .append(shape(e.getValue())).append(','));
    return out.append('}').toString();
  }

  private static List<String> names(JsonNode page) {
    return page.get("items").findValuesAsText("name");
  }
}
