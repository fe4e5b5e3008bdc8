package io.edgetally.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The byte parser (the registry's hot path) against the character parser it replaces there: on any input, either
 * both refuse (and {@link Json#parse(byte[])} gives the character parser's message) or both build equal values,
 * numbers at the same scale, members in the same order.
 */
class ByteParserPropertiesTest {

    /** What the character parser makes of the bytes: its value, or its error message. */
    private static Object reference(byte[] utf8) {
        try {
            return Json.parse(new String(utf8, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            return "error: " + e.getMessage();
        }
    }

    private static Object fast(byte[] utf8) {
        try {
            return Json.parse(utf8);
        } catch (JsonException e) {
            return "error: " + e.getMessage();
        }
    }

    private static void agree(byte[] utf8) {
        Object expected = reference(utf8);
        Object actual = fast(utf8);
        assertThat(actual).isEqualTo(expected);
        if (expected instanceof JsonValue v) {
            assertSameForm(v, (JsonValue) actual);
            try {
                assertThat(ByteParser.parse(utf8, (name, offset) -> { })).isEqualTo(v); // the fast path itself, not its fallback
            } catch (ByteParser.Refused e) {
                // escapes and non-ASCII are the fast path's too; it leaves to the character parser only a \\u
                // escape with non-ASCII digits, which Integer.parseInt takes
                String text = new String(utf8, StandardCharsets.UTF_8);
                if (!text.matches("(?s).*\\\\u.{0,3}[^\\x00-\\x7f].*")) {
                    throw new AssertionError("the byte parser refused a valid document: " + text, e);
                }
            }
        } else {
            try {
                ByteParser.parse(utf8, (name, offset) -> { });
                throw new AssertionError("the byte parser took what the character parser refuses: " + expected);
            } catch (ByteParser.Refused e) {
                // as it should
            }
        }
    }

    /** Equal and also the same BigDecimal scale and member order (equals on BigDecimal already checks scale). */
    private static void assertSameForm(JsonValue a, JsonValue b) {
        switch (a) {
            case JsonNumber n -> assertThat(((JsonNumber) b).value().scale()).isEqualTo(n.value().scale());
            case JsonObject o -> {
                List<String> keys = List.copyOf(o.members().keySet());
                assertThat(List.copyOf(((JsonObject) b).members().keySet())).isEqualTo(keys);
                for (String k : keys) {
                    assertSameForm(o.members().get(k), ((JsonObject) b).members().get(k));
                }
                assertThat(b.hashCode()).isEqualTo(a.hashCode());
            }
            case JsonArray arr -> {
                for (int i = 0; i < arr.items().size(); i++) {
                    assertSameForm(arr.items().get(i), ((JsonArray) b).items().get(i));
                }
            }
            default -> { }
        }
    }

    @Property(tries = 1000)
    void agreeOnGeneratedDocuments(@ForAll("documents") String doc) {
        agree(doc.getBytes(StandardCharsets.UTF_8));
    }

    private static final String TOKENS = "{}[]\",:\\u0123456789eE.+-tfn \n\u0080\u00ff";

    @Property(tries = 1000)
    void agreeOnMutatedDocuments(@ForAll("documents") String doc, @ForAll long seed) {
        byte[] b = doc.getBytes(StandardCharsets.UTF_8);
        Random r = new Random(seed);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(3)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] = (byte) TOKENS.charAt(r.nextInt(TOKENS.length()));
                default -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
            }
        }
        agree(b);
    }

    @Property(tries = 1000)
    void agreeOnRandomBytes(@ForAll byte[] bytes) {
        agree(bytes);
    }

    @Property(tries = 1000)
    void agreeOnNumbers(@ForAll("numbers") String literal) {
        agree(("[" + literal + "]").getBytes(StandardCharsets.UTF_8));
        agree(literal.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void agreeOnStringsWithAnyCharacters(@ForAll String s, @ForAll("escapes") String escaped) {
        agree(("{\"" + escaped + "\":\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        agree(("[\"" + s + "\"]").getBytes(StandardCharsets.UTF_8)); // raw: controls, quotes, lone surrogates
    }

    @Example
    void agreeOnAdversarialCases() {
        String[] cases = {
            "", " ", "{}", "[]", "{\"a\":1,\"a\":1}", "{\"a\":1,\"b\":2,}", "[1,]", "01", "-", "-0", "-0.0", "1.",
            ".5", "1e", "1e+", "1E400", "1e-2147483648", "1e2147483648", "123456789012345678",
            "1234567890123456789", "-999999999999999999", "0.000000000000000001", "99999999999999999999999999.5",
            "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\udc00x\"", "\"\\u00e9\\u0000\"", "\"\\U0041\"", "\"\\x\"",
            "\"a\u0001\"", "\"\u00e9t\u00e9\"", "\"\ud83d\ude00\"", "tru", "nul", "nulll", "true false",
            "\ufeff{}", "{\"a\" :1 , \"b\":[ true ,false,null ] }\r\n", "\"\\/\"",
            "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1),
            "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2),
            "{\"k\":" + "{\"k\":".repeat(Json.MAX_DEPTH) + "1" + "}".repeat(Json.MAX_DEPTH + 1),
        };
        for (String c : cases) {
            agree(c.getBytes(StandardCharsets.UTF_8));
        }
        byte[][] invalidUtf8 = {
            {'"', (byte) 0xc3, '"'}, {'"', (byte) 0xe2, (byte) 0x82, '"'}, {'"', (byte) 0xff, 'a', '"'},
            {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, {'"', (byte) 0xc0, (byte) 0xaf, '"'},
            {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, {(byte) 0xc3, (byte) 0xa9},
            {'[', (byte) 0x80, ']'}, {'"', (byte) 0xe2, '\\', 'n', '"'}, {'"', (byte) 0xf0, (byte) 0x9f, '"'},
        };
        for (byte[] b : invalidUtf8) {
            agree(b);
        }
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            wide.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        agree(wide.append('}').toString().getBytes(StandardCharsets.UTF_8));
        agree(wide.insert(wide.length() - 1, ",\"k7\":0").toString().getBytes(StandardCharsets.UTF_8));
        JsonObject parsed = Json.parseObject("{\"x\":1.50,\"y\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.decimal("x")).isEqualTo(new BigDecimal("1.50"));
        // the members handed out are read-only, as with the character parser
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parsed.members().put("z", JsonValue.of(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parsed.members().remove("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parsed.members().keySet().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parsed.members().entrySet().iterator().next()
                .setValue(JsonValue.of(2))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(parsed.members()).hasSize(2);
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(25);
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().map(BigDecimal::toString),
                Arbitraries.bigDecimals().map(BigDecimal::toPlainString),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                digits.map(d -> "-" + d),
                digits.flatMap(a -> digits.map(b -> a + "." + b)),
                digits.flatMap(a -> Arbitraries.integers().between(-400, 400).map(e -> a + "e" + e)),
                digits.flatMap(a -> Arbitraries.of("E+", "e-", "E").map(e -> a + ".0" + e + "7")));
    }

    @Provide
    Arbitrary<String> escapes() {
        return Arbitraries.of("\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\u00e9", "\\ud83d\\ude00",
                "\\uD83D", "\\u0000", "plain", "\u00e9", "\u4e2d\u6587", "").list().ofMaxSize(4)
                .map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> documents() {
        return value(4);
    }

    private Arbitrary<String> value(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(numbers(), escapes().map(s -> "\"" + s + "\""),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> ws = Arbitraries.of("", "", "", " ", "\n", "\t", "\r\n ");
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4)
                .flatMap(items -> ws.map(w -> "[" + w + String.join("," + w, items) + "]"));
        Arbitrary<String> member = escapes().flatMap(k -> value(depth - 1).map(v -> "\"" + k + "\":" + v));
        Arbitrary<String> object = member.list().ofMaxSize(5)
                .flatMap(ms -> ws.map(w -> "{" + w + String.join(w + "," + w, ms) + w + "}"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object));
    }
}
