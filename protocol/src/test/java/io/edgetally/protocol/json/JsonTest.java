package io.edgetally.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsEveryKindOfValue() {
        String text = "{\"s\":\"a\\\"b\\n\\u00e9\",\"n\":-12.50,\"i\":3,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,[2,{}],[]],\"o\":{\"k\":\"v\"}}";
        JsonValue v = Json.parse(text);
        assertThat(Json.parse(Json.write(v))).isEqualTo(v);
        assertThat(Json.parse(Json.pretty(v))).isEqualTo(v);
        JsonObject o = (JsonObject) v;
        assertThat(o.string("s")).isEqualTo("a\"b\né");
        assertThat(o.decimal("n")).isEqualByComparingTo("-12.5");
        assertThat(o.longValue("i")).isEqualTo(3);
        assertThat(o.bool("t")).isTrue();
    }

    @Test
    void canonicalFormSortsKeysAndNormalisesNumbers() {
        JsonValue a = Json.parse("{ \"b\": 1.500, \"a\": [ 2E+2, 0.0, -0 ] }");
        JsonValue b = Json.parse("{\"a\":[200,0,0],\"b\":1.5}");
        assertThat(new String(Json.canonical(a), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[200,0,0],\"b\":1.5}");
        assertThat(Json.canonical(a)).isEqualTo(Json.canonical(b));
    }

    @Test
    void doublesAreWrittenInTheirShortestExactDecimal() {
        JsonObject o = JsonObject.builder().put("x", 0.1).put("y", 982500.0).build();
        assertThat(Json.write(o)).isEqualTo("{\"x\":0.1,\"y\":982500.0}");
        assertThat(new String(Json.canonical(o), StandardCharsets.UTF_8)).isEqualTo("{\"x\":0.1,\"y\":982500}");
        assertThatThrownBy(() -> JsonValue.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("line 3, column 7")
                .hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate member 'a'");
        assertThatThrownBy(() -> Json.parse("[1,2")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("after the end");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("after the end");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
    }

    @Test
    void typedGettersSayWhatWasExpected() {
        JsonObject o = Json.parseObject("{\"n\":\"x\",\"f\":1.5}");
        assertThatThrownBy(() -> o.decimal("n")).hasMessage("key 'n' must be a number, was \"x\"");
        assertThatThrownBy(() -> o.string("missing")).hasMessage("missing key 'missing'");
        assertThatThrownBy(() -> o.longValue("f")).hasMessageContaining("whole number");
        assertThat(o.optionalDecimal("none")).isEmpty();
        assertThat(o.decimal("f")).isEqualTo(new BigDecimal("1.5"));
    }
}
