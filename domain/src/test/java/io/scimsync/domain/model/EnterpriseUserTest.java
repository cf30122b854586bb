package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parseObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnterpriseUserTest {

  @Test
  void toMap_rendersTheRfcAttributesInRfcOrder_thenTheOthers() {
    EnterpriseUser enterprise = new EnterpriseUser(Optional.of("701984"), Optional.of("4130"),
        Optional.of("Universal Studios"), Optional.of("Theme Park"), Optional.of("Tour Operations"),
        Optional.of(new EnterpriseUser.Manager(Optional.of("m-1"), Optional.of("../Users/m-1"),
            Optional.of("John Smith"))),
        obj("badge", 7));

    assertJson(enterprise.toMap(), """
        {"employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios",
         "division": "Theme Park", "department": "Tour Operations",
         "manager": {"value": "m-1", "$ref": "../Users/m-1", "displayName": "John Smith"},
         "badge": 7}""");
  }

  @Test
  void toMap_leavesOutAbsentFields_andAManagerWithNothingInIt() {
    EnterpriseUser enterprise = new EnterpriseUser(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("Ops"),
        Optional.of(new EnterpriseUser.Manager(Optional.empty(), Optional.empty(), Optional.empty())),
        Map.of());

    assertJson(enterprise.toMap(), """
        {"department": "Ops"}""");
  }

  @Test
  void fromMap_readsNumbersAsText_andKeepsUnknownAttributes() {
    EnterpriseUser enterprise = EnterpriseUser.fromMap(parseObject("""
        {"employeeNumber": 701984, "costCenter": 4130, "manager": {"value": 17},
         "badge": {"level": 3}}"""));

    assertThat(enterprise.employeeNumber()).contains("701984");
    assertThat(enterprise.costCenter()).contains("4130");
    assertThat(enterprise.manager().flatMap(EnterpriseUser.Manager::value)).contains("17");
    assertThat(enterprise.otherAttributes()).containsOnlyKeys("badge");
    assertJson(enterprise.toMap(), """
        {"employeeNumber": "701984", "costCenter": "4130", "manager": {"value": "17"},
         "badge": {"level": 3}}""");
  }

  @Test
  void fromMap_ignoresAManagerThatIsNotAnObject() {
    EnterpriseUser enterprise = EnterpriseUser.fromMap(obj("manager", "John", "department", "Ops"));

    assertThat(enterprise.manager()).isEmpty();
    assertThat(enterprise.department()).contains("Ops");
  }

  @Test
  void fromMap_readsAttributesIgnoringCase_RFC7643section2_1() {
    EnterpriseUser enterprise = EnterpriseUser.fromMap(obj(
        "EmployeeNumber", "701984", "DEPARTMENT", "Ops", "Manager", obj("Value", "m-1")));

    assertThat(enterprise.employeeNumber()).contains("701984");
    assertThat(enterprise.department()).contains("Ops");
    assertThat(enterprise.manager().flatMap(EnterpriseUser.Manager::value)).contains("m-1");
    assertThat(enterprise.otherAttributes()).isEmpty();
  }

  @Test
  void copiesOtherAttributes_andHandsThemOutUnmodifiable() {
    Map<String, Object> other = obj("badge", 7);
    EnterpriseUser enterprise = new EnterpriseUser(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), other);
    other.put("badge", 8);

    assertThat(enterprise.otherAttributes()).containsEntry("badge", 7);
    assertThatThrownBy(() -> enterprise.otherAttributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> enterprise.toMap().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
