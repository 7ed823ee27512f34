package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonEncoderTest {

  private static final UserProfile USER =
      new UserProfile(
          "u-\"quoted\"\\",
          "u-1".getBytes(StandardCharsets.UTF_8),
          Country.DE,
          Device.TABLET,
          30,
          20,
          1);

  @Test
  void writesEveryFieldWithCorrectEscaping() throws Exception {
    SimulatedEvent event =
        new SimulatedEvent(
            "id-1",
            USER,
            "s-1",
            EventType.ADD_TO_CART,
            1_767_225_600_123L,
            19.99,
            "/search?q=\"bär\"\n\t<x>",
            Device.TABLET);

    byte[] bytes = new EventJsonEncoder().encode(event);
    JsonNode json = new ObjectMapper().readTree(bytes);

    assertThat(json.get(EventFields.EVENT_ID).textValue()).isEqualTo("id-1");
    assertThat(json.get(EventFields.USER_ID).textValue()).isEqualTo("u-\"quoted\"\\");
    assertThat(json.get(EventFields.SESSION_ID).textValue()).isEqualTo("s-1");
    assertThat(json.get(EventFields.EVENT_TYPE).textValue()).isEqualTo("add_to_cart");
    assertThat(json.get(EventFields.TIMESTAMP).longValue()).isEqualTo(1_767_225_600_123L);
    assertThat(json.get(EventFields.VALUE).doubleValue()).isEqualTo(19.99);
    assertThat(json.get(EventFields.PAGE).textValue()).isEqualTo("/search?q=\"bär\"\n\t<x>");
    assertThat(json.get(EventFields.DEVICE).textValue()).isEqualTo("tablet");
    assertThat(json.get(EventFields.COUNTRY).textValue()).isEqualTo("DE");
    String decoded =
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    assertThat(decoded).contains("bär");
  }

  @Test
  void reusesItsBufferWithoutLeakingEarlierEvents() throws Exception {
    EventJsonEncoder encoder = new EventJsonEncoder();
    SimulatedEvent longer =
        new SimulatedEvent(
            "a-long-id", USER, "s", EventType.PAGE_VIEW, 1, 1, "/".repeat(300), Device.MOBILE);
    SimulatedEvent shorter =
        new SimulatedEvent("b", USER, "s", EventType.PAGE_VIEW, 2, 2, "/", Device.MOBILE);

    byte[] first = encoder.encode(longer);
    byte[] second = encoder.encode(shorter);

    assertThat(second.length).isLessThan(first.length);
    assertThat(new ObjectMapper().readTree(second).get(EventFields.EVENT_ID).textValue())
        .isEqualTo("b");
    assertThat(new ObjectMapper().readTree(first).get(EventFields.EVENT_ID).textValue())
        .isEqualTo("a-long-id");
  }
}
