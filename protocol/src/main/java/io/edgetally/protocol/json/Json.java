package io.edgetally.protocol.json;

import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonBool;
import io.edgetally.protocol.json.JsonValue.JsonNull;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjIntConsumer;

/**
 * JSON reading and writing for the wire contract: strict RFC 8259 parsing with line and column in every error,
 * compact and pretty output, and a canonical form (RFC 8785 style: members sorted by key, no white space,
 * numbers in their shortest plain decimal form) that hashes and signatures are computed over.
 */
public final class Json {

    /** Nesting deeper than this is refused: no report or request of ours needs it, and it bounds the stack. */
    public static final int MAX_DEPTH = 32;

    private Json() {}

    /**
     * Parses UTF-8 bytes in one pass over them (the registry's hot path: every report it verifies). A document
     * the fast path does not take is parsed again as text, which gives the error with line and column.
     */
    public static JsonValue parse(byte[] utf8) {
        return parse(utf8, NO_MEMBERS);
    }

    private static final ObjIntConsumer<String> NO_MEMBERS = (name, offset) -> { };

    private static JsonValue parse(byte[] utf8, ObjIntConsumer<String> topLevelMembers) {
        try {
            return ByteParser.parse(utf8, topLevelMembers);
        } catch (ByteParser.Refused e) {
            return parse(new String(utf8, StandardCharsets.UTF_8));
        }
    }

    public static JsonValue parse(String text) {
        Parser p = new Parser(text);
        p.skipWhitespace();
        JsonValue v = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' after the end of the document");
        }
        return v;
    }

    /** Parses a document that must be an object. */
    public static JsonObject parseObject(String text) {
        if (parse(text) instanceof JsonObject o) {
            return o;
        }
        throw new JsonException("expected a JSON object at the top level");
    }

    public static JsonObject parseObject(byte[] utf8) {
        return parseObject(utf8, NO_MEMBERS);
    }

    /**
     * As {@link #parseObject(byte[])}, telling {@code topLevelMembers} the name of each top-level member and the
     * byte offset of the quote opening that name, so a caller can cut members out of the bytes without scanning
     * them again. Documents the one-pass parser leaves to the text parser (an error, or a rare escape form) are
     * parsed without telling it anything: a caller must not rely on being called.
     */
    public static JsonObject parseObject(byte[] utf8, ObjIntConsumer<String> topLevelMembers) {
        if (parse(utf8, topLevelMembers) instanceof JsonObject o) {
            return o;
        }
        throw new JsonException("expected a JSON object at the top level");
    }

    /** Compact, members in their own order. */
    public static String write(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, false, -1, 0);
        return sb.toString();
    }

    /** Indented by two spaces, for files people read. */
    public static String pretty(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, false, 2, 0);
        return sb.append('\n').toString();
    }

    /** The canonical UTF-8 bytes that hashes and signatures cover. */
    public static byte[] canonical(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, true, -1, 0);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The shortest plain decimal form of a number: no exponent, no trailing zeros, no negative zero. */
    public static String canonicalNumber(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private static void write(JsonValue v, StringBuilder sb, boolean canonical, int indent, int level) {
        switch (v) {
            case JsonNull n -> sb.append("null");
            case JsonBool b -> sb.append(b.value());
            case JsonNumber n -> sb.append(canonical ? canonicalNumber(n.value()) : plain(n.value()));
            case JsonString s -> quote(s.value(), sb);
            case JsonArray a -> {
                sb.append('[');
                boolean first = true;
                for (JsonValue item : a.items()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    newline(sb, indent, level + 1);
                    write(item, sb, canonical, indent, level + 1);
                }
                if (!a.items().isEmpty()) {
                    newline(sb, indent, level);
                }
                sb.append(']');
            }
            case JsonObject o -> {
                Map<String, JsonValue> members = canonical ? new TreeMap<>(o.members()) : o.members();
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : members.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    newline(sb, indent, level + 1);
                    quote(e.getKey(), sb);
                    sb.append(indent >= 0 ? ": " : ":");
                    write(e.getValue(), sb, canonical, indent, level + 1);
                }
                if (!members.isEmpty()) {
                    newline(sb, indent, level);
                }
                sb.append('}');
            }
        }
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent >= 0) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        JsonValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= text.length()) {
                throw error("unexpected end of document, expected a value");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> new JsonString(string());
                case 't' -> literal("true", JsonValue.of(true));
                case 'f' -> literal("false", JsonValue.of(false));
                case 'n' -> literal("null", JsonNull.INSTANCE);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected '" + c + "', expected a value");
                }
            };
        }

        private JsonValue object(int depth) {
            pos++;
            Map<String, JsonValue> members = new JsonValue.ParsedMembers();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new JsonObject(members);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name in double quotes");
                }
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                JsonValue v = value(depth + 1);
                if (members.putIfAbsent(key, v) != null) {
                    pos = keyAt;
                    throw error("duplicate member '" + key + "'");
                }
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return new JsonObject(members);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in an object");
                }
            }
        }

        private JsonValue array(int depth) {
            pos++;
            List<JsonValue> items = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new JsonArray(items);
            }
            while (true) {
                skipWhitespace();
                items.add(value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return new JsonArray(items);
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in an array");
                }
            }
        }

        private String string() {
            pos++; // opening quote
            // Fast path: most strings have no escape; take them as one substring.
            int start = pos;
            int end = start;
            while (end < text.length()) {
                char c = text.charAt(end);
                if (c == '"') {
                    pos = end + 1;
                    return text.substring(start, end);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                end++;
            }
            StringBuilder sb = new StringBuilder(end - start + 16).append(text, start, end);
            pos = end;
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("control character in a string must be escaped");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape '" + text.substring(pos, pos + 4) + "'");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("unknown escape '\\" + e + "'");
                    }
                }
            }
        }

        private JsonValue number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("a number needs digits");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw error("a decimal point needs digits after it");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("an exponent needs digits");
                }
                digits();
            }
            String literal = text.substring(start, pos);
            try {
                return new JsonNumber(new BigDecimal(literal));
            } catch (NumberFormatException | ArithmeticException ex) {
                pos = start;
                throw error("number out of range: " + literal);
            }
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private JsonValue literal(String word, JsonValue v) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected token, expected " + word);
            }
            pos += word.length();
            return v;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        JsonException error(String what) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < Math.min(pos, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            return new JsonException("JSON line " + line + ", column " + col + ": " + what);
        }
    }
}
