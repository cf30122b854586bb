package io.scimsync.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScimSchemasTest {

  @ParameterizedTest
  @CsvSource({
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User, true",
      "URN:ietf:params:scim:schemas:extension:enterprise:2.0:User, true",
      "urn:scim:schemas:extension:slack:profile:1.0, true",
      "userName, false",
      "urnName, false",
      "'', false"})
  void isSchemaUrn_recognisesExtensionKeys_ignoringCase(String attributeName, boolean expected) {
    assertThat(ScimSchemas.isSchemaUrn(attributeName)).isEqualTo(expected);
  }
}
