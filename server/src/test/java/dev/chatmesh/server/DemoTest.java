package dev.chatmesh.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./chatmesh --demo} loads its company through the public API, the agents joining by
 * invitation like anyone else, and a second start finds it there and adds nothing.
 */
class DemoTest {

  @RegisterExtension
  static final Node server = Node.sqlite();

  @Test
  void theDemoCompanyLoadsWithItsAgentsAsMembersAndLoadsOnlyOnce() throws Exception {
    new Demo(server.url()).load();
    Api api = server.api();
    Api.Session admin = api.login(Demo.EMAIL, Demo.PASSWORD);
    for (String agent : new String[] {"bob@demo.chatmesh.dev", "carol@demo.chatmesh.dev"}) {
      Api.Session session = api.login(agent, Demo.PASSWORD);
      assertThat(session.companyId()).isEqualTo(admin.companyId());
    }
    JsonNode employees = api.call("GET", "api/employees", null, admin).expect(200).json();
    assertThat(employees.get("items").findValuesAsText("name"))
        .containsExactlyInAnyOrder("Ada Admin", "Bob Agent", "Carol Agent");
    assertThat(api.call("GET", "api/employees/invitations", null, admin).json().get("items"))
        .isEmpty();
    long customers = api.call("GET", "api/customers", null, admin).json().get("total").asLong();

    new Demo(server.url()).load();
    assertThat(api.call("GET", "api/customers", null, admin).json().get("total").asLong())
        .isEqualTo(customers);
  }
}
