package dev.longhaul.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  @Test
  void field_returnsTheExactTextOfANestedObject_withItsWhitespaceAndEscapes() throws IOException {
    String item = "{ \"type\":\"reasoning\",\n  \"text\" : \"caf\\u00e9 \\/ \\\"q\\\" \\n\",\t\"n\":[1, 2 ,3] }";
    String json = "{\"type\":\"response.output_item.done\", \"output_index\" :0,\"item\":  " + item + "  }";

    assertThat(RawJson.field(json, "item")).isEqualTo(item);
  }

  @Test
  void field_returnsTheExactTextOfAnArray() throws IOException {
    String array = "[ {\"a\" : 1} ,[ ], \"x\\u0041\" ,null ]";
    String json = "{\"before\":{\"output\":[\"not this one\"]},\"output\":" + array + "}";

    assertThat(RawJson.field(json, "output")).isEqualTo(array);
  }

  @Test
  void field_onlyLooksAtTopLevelFields() throws IOException {
    String json = "{\"outer\":{\"item\":{\"nested\":true}},\"other\":1}";

    assertThat(RawJson.field(json, "item")).isNull();
  }

  @Test
  void field_thatIsMissing_isNull() throws IOException {
    assertThat(RawJson.field("{\"type\":\"response.created\",\"response\":{}}", "item")).isNull();
  }

  @Test
  void field_ofSomethingThatIsNotAnObject_isNull() throws IOException {
    assertThat(RawJson.field("[{\"item\":{}}]", "item")).isNull();
  }

  @Test
  void field_whoseValueIsAScalar_isAnIOException() {
    assertThatThrownBy(() -> RawJson.field("{\"item\":\"just text\"}", "item"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> RawJson.field("{\"item\":42}", "item")).isInstanceOf(IOException.class);
  }

  @Test
  void field_cutsExactlyFromALargeDocumentWithMultiByteCharacters() throws IOException {
    // Large enough that the parser reads the text in several buffers; characters outside the
    // BMP (two chars each) before the item shift every offset.
    String filler = "\uD83D\uDE00 é ".repeat(20_000);
    String item =
        "{ \"type\":\"reasoning\", \"encrypted_content\":\"" + "gAAAA".repeat(30_000) + "\\/==\" }";
    String json = "{\"pad\":\"" + filler + "\",\"pad2\":[" + "{\"k\":\"v\"},".repeat(5_000)
        + "{}],\"item\":" + item + ",\"after\":\"" + filler + "\"}";

    assertThat(RawJson.field(json, "item")).isEqualTo(item);
  }

  @Test
  void arrayElements_returnsEachElementsExactText() throws IOException {
    String first = "{ \"type\":\"message\",\"text\":\"a\\tb\" }";
    String second = "{\"type\":\"reasoning\" ,\"encrypted_content\":\"x\\/y\"}";
    String third = "[1,  2]";
    String json = "{\"id\":\"resp_1\",\"output\":[ " + first + " ,\n" + second + "," + third + " ]}";

    assertThat(RawJson.arrayElements(json, "output")).containsExactly(first, second, third);
  }

  @Test
  void arrayElements_ofAMissingField_isEmpty() throws IOException {
    assertThat(RawJson.arrayElements("{\"id\":\"resp_1\"}", "output")).isEmpty();
  }

  @Test
  void arrayElements_ofAnObjectField_isEmpty() throws IOException {
    assertThat(RawJson.arrayElements("{\"output\":{\"a\":1}}", "output")).isEmpty();
  }

  @Test
  void arrayElements_withAScalarElement_isAnIOException() {
    assertThatThrownBy(() -> RawJson.arrayElements("{\"output\":[{}, \"text\"]}", "output"))
        .isInstanceOf(IOException.class);
  }
}
