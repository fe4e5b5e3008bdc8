package io.edgetally.protocol.json;

import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonNull;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * The fast path of {@link Json#parse(byte[])}: one pass over the UTF-8 bytes, with no decoding of the whole
 * document first. ASCII strings are taken as one Latin-1 copy with their hash code computed on the way, numbers
 * of up to 18 digits without exponent are built from a long, members go into a {@link MemberMap}.
 *
 * <p>It accepts exactly what the character parser accepts and builds equal values (a property test compares
 * them). It does not describe errors: at the first thing it does not take it gives up ({@link Refused}), and
 * {@link Json} runs the character parser on the same document, which either throws its usual message with line
 * and column or, if this parser was stricter than needed, returns the value. Non-ASCII bytes inside a string are
 * decoded by the JDK's UTF-8 decoder, span by span between ASCII quotes and backslashes, which gives the same
 * characters (malformed bytes included, as U+FFFD) as decoding the whole document: a quote or backslash byte is
 * never part of a multi-byte sequence.
 */
final class ByteParser {

    /** Thrown where this parser gives up; carries nothing, costs no stack trace. */
    static final class Refused extends RuntimeException {
        private static final Refused INSTANCE = new Refused();

        private Refused() {
            super(null, null, false, false);
        }
    }

    /** Strings up to this many bytes go through the cache (the longer ones are hashes, signatures, times). */
    private static final int CACHED_LENGTH = 48;
    private static final CachedString[] CACHE = new CachedString[2048];

    private record CachedString(byte[] bytes, int hash, String string, JsonString json) {}

    private static final CachedNumber[] NUMBERS = new CachedNumber[1024];

    private record CachedNumber(long unscaled, int scale, JsonNumber json) {}

    private static final JsonValue TRUE = JsonValue.of(true);
    private static final JsonValue FALSE = JsonValue.of(false);

    private final byte[] b;
    private final int end;
    private final ObjIntConsumer<String> topLevelMembers;
    private int pos;
    /** Hash code of the last string read, as {@link String#hashCode} computes it. */
    private int lastHash;
    /** The last string read as a JSON value, when it came from the cache; else null. */
    private JsonString cachedValue;

    private ByteParser(byte[] b, ObjIntConsumer<String> topLevelMembers) {
        this.b = b;
        this.end = b.length;
        this.topLevelMembers = topLevelMembers;
    }

    /**
     * The document's value; {@link Refused} for anything the character parser must look at. If the document is
     * an object, {@code topLevelMembers} is told each member's name and the offset of its opening quote.
     */
    static JsonValue parse(byte[] utf8, ObjIntConsumer<String> topLevelMembers) {
        ByteParser p = new ByteParser(utf8, topLevelMembers);
        p.skipWhitespace();
        JsonValue v = p.value(0);
        p.skipWhitespace();
        if (p.pos != p.end) {
            throw Refused.INSTANCE;
        }
        return v;
    }

    private static RuntimeException refused() {
        return Refused.INSTANCE;
    }

    private JsonValue value(int depth) {
        if (depth > Json.MAX_DEPTH || pos >= end) {
            throw refused();
        }
        byte c = b[pos];
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"': {
                String v = string();
                return cachedValue != null ? cachedValue : new JsonString(v);
            }
            case 't':
                literal('t', 'r', 'u', 'e');
                return TRUE;
            case 'f':
                if (pos + 5 <= end && b[pos + 1] == 'a' && b[pos + 2] == 'l' && b[pos + 3] == 's'
                        && b[pos + 4] == 'e') {
                    pos += 5;
                    return FALSE;
                }
                throw refused();
            case 'n':
                literal('n', 'u', 'l', 'l');
                return JsonNull.INSTANCE;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw refused();
        }
    }

    private void literal(char c0, char c1, char c2, char c3) {
        if (pos + 4 <= end && b[pos] == c0 && b[pos + 1] == c1 && b[pos + 2] == c2 && b[pos + 3] == c3) {
            pos += 4;
            return;
        }
        throw refused();
    }

    private JsonValue object(int depth) {
        pos++;
        MemberMap members = new MemberMap();
        skipWhitespace();
        if (pos < end && b[pos] == '}') {
            pos++;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (pos >= end || b[pos] != '"') {
                throw refused();
            }
            int keyAt = pos;
            String key = string();
            int hash = lastHash;
            if (depth == 0) {
                topLevelMembers.accept(key, keyAt);
            }
            skipWhitespace();
            if (pos >= end || b[pos] != ':') {
                throw refused();
            }
            pos++;
            skipWhitespace();
            JsonValue v = value(depth + 1);
            if (!members.add(key, hash, v)) {
                throw refused();
            }
            skipWhitespace();
            if (pos >= end) {
                throw refused();
            }
            byte c = b[pos++];
            if (c == '}') {
                return new JsonObject(members);
            }
            if (c != ',') {
                throw refused();
            }
        }
    }

    private JsonValue array(int depth) {
        pos++;
        List<JsonValue> items = new ArrayList<>();
        skipWhitespace();
        if (pos < end && b[pos] == ']') {
            pos++;
            return new JsonArray(items);
        }
        while (true) {
            skipWhitespace();
            items.add(value(depth + 1));
            skipWhitespace();
            if (pos >= end) {
                throw refused();
            }
            byte c = b[pos++];
            if (c == ']') {
                return new JsonArray(items);
            }
            if (c != ',') {
                throw refused();
            }
        }
    }

    /** The string opening at {@code pos}; leaves {@code pos} after its closing quote and its hash in lastHash. */
    private String string() {
        cachedValue = null;
        int start = ++pos;
        int h = 0;
        int i = start;
        while (i < end) {
            int c = b[i];
            if (c == '"') {
                pos = i + 1;
                lastHash = h;
                return i - start <= CACHED_LENGTH ? cached(start, i, h)
                        : new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c == '\\' || c < 0x20) { // bytes >= 0x80 are negative here
                break;
            }
            h = 31 * h + c;
            i++;
        }
        String s = slowString(start);
        lastHash = s.hashCode();
        return s;
    }

    /**
     * The ASCII string {@code b[start, end)}, from the cache when it was seen last in its slot. Reports repeat
     * most of their strings (every member name, units, sources, ids), so most strings are neither allocated nor
     * hashed again. A slot holds one immutable entry, replaced on a miss: the cache stays this size whatever it
     * is fed, and threads sharing it see either an old entry or a new one, both complete.
     */
    private String cached(int start, int end, int hash) {
        int slot = (hash ^ (hash >>> 12)) & (CACHE.length - 1);
        CachedString c = CACHE[slot];
        int length = end - start;
        if (c == null || c.hash != hash || c.bytes.length != length || !same(c.bytes, start)) {
            String s = new String(b, start, length, StandardCharsets.ISO_8859_1);
            c = new CachedString(Arrays.copyOfRange(b, start, end), hash, s, new JsonString(s));
            CACHE[slot] = c;
        }
        cachedValue = c.json;
        return c.string;
    }

    /**
     * The number {@code unscaled} &times; 10^-{@code scale}, from the cache when it was seen last in its slot:
     * factor values, years and most meter fields repeat from report to report. The same value at the same scale
     * as {@code BigDecimal.valueOf(unscaled, scale)}; values are immutable, so sharing them is safe.
     */
    private static JsonNumber number(long unscaled, int scale) {
        long mix = unscaled * 0x9E3779B97F4A7C15L + scale;
        int slot = (int) (mix ^ (mix >>> 32)) & (NUMBERS.length - 1);
        CachedNumber c = NUMBERS[slot];
        if (c != null && c.unscaled == unscaled && c.scale == scale) {
            return c.json;
        }
        JsonNumber n = new JsonNumber(BigDecimal.valueOf(unscaled, scale));
        NUMBERS[slot] = new CachedNumber(unscaled, scale, n);
        return n;
    }

    /** Whether {@code b} from {@code start} begins with {@code cached}: a plain loop, as these are short. */
    private boolean same(byte[] cached, int start) {
        for (int i = 0; i < cached.length; i++) {
            if (cached[i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }

    /** A string with escapes or non-ASCII bytes: spans decoded as UTF-8, escapes as the character parser does. */
    private String slowString(int start) {
        StringBuilder sb = new StringBuilder();
        int span = start;
        int i = start;
        while (true) {
            if (i >= end) {
                throw refused();
            }
            int c = b[i] & 0xff;
            if (c == '"' || c == '\\') {
                sb.append(new String(b, span, i - span, StandardCharsets.UTF_8));
                if (c == '"') {
                    pos = i + 1;
                    return sb.toString();
                }
                if (i + 1 >= end) {
                    throw refused();
                }
                byte e = b[i + 1];
                i += 2;
                switch (e) {
                    case '"', '\\', '/' -> sb.append((char) e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > end) {
                            throw refused();
                        }
                        // As the character parser reads it: Integer.parseInt, which also takes a sign ("\\u+0e9")
                        // and non-ASCII digits; those (and anything odd) are left to the character parser.
                        for (int k = 0; k < 4; k++) {
                            if (b[i + k] < 0) {
                                throw refused();
                            }
                        }
                        try {
                            sb.append((char) Integer.parseInt(new String(b, i, 4, StandardCharsets.ISO_8859_1), 16));
                        } catch (NumberFormatException ex) {
                            throw refused();
                        }
                        i += 4;
                    }
                    default -> throw refused();
                }
                span = i;
            } else if (c < 0x20) {
                throw refused();
            } else {
                i++;
            }
        }
    }

    /**
     * A number as the character parser reads it (its literal given to {@code new BigDecimal}); up to 18 digits
     * without exponent as {@code BigDecimal.valueOf(unscaled, scale)}, which is the same value at the same scale.
     */
    private JsonValue number() {
        int start = pos;
        boolean negative = b[pos] == '-';
        if (negative) {
            pos++;
        }
        long unscaled = 0;
        int digitCount = 0;
        if (pos < end && b[pos] == '0') {
            pos++;
            digitCount = 1;
        } else if (pos < end && isDigit(b[pos])) {
            while (pos < end && isDigit(b[pos])) {
                unscaled = unscaled * 10 + (b[pos++] - '0');
                digitCount++;
            }
        } else {
            throw refused();
        }
        int scale = 0;
        if (pos < end && b[pos] == '.') {
            pos++;
            if (pos >= end || !isDigit(b[pos])) {
                throw refused();
            }
            while (pos < end && isDigit(b[pos])) {
                unscaled = unscaled * 10 + (b[pos++] - '0');
                digitCount++;
                scale++;
            }
        }
        boolean exponent = false;
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            exponent = true;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (pos >= end || !isDigit(b[pos])) {
                throw refused();
            }
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        }
        if (!exponent && digitCount <= 18) {
            return number(negative ? -unscaled : unscaled, scale);
        }
        char[] literal = new char[pos - start];
        for (int k = 0; k < literal.length; k++) {
            literal[k] = (char) b[start + k];
        }
        try {
            return new JsonNumber(new BigDecimal(literal));
        } catch (NumberFormatException | ArithmeticException ex) {
            throw refused();
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }
}
