package io.edgetally.protocol.report;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.protocol.methodology.Factor;
import io.edgetally.protocol.methodology.GridFactor;
import io.edgetally.protocol.methodology.MethodologyRef;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's fast path for reading a report: straight from the bytes a device publishes (canonical JSON:
 * members sorted, no white space, ASCII text without escapes, plain numbers) into the {@link TallyReport}, with no
 * JSON tree in between. It reads the members in the one order the canonical form has, so it compares each name
 * byte for byte instead of looking it up, and it sees where the top-level {@code hash} and {@code signature}
 * members start, which is where the signed part is cut.
 *
 * <p>It reads exactly what {@link TallyReportCodec#parse} reads, as the same values, or nothing: at the first thing
 * it is not sure of (another member order, an unknown or duplicated member, white space, an escape, a non-ASCII
 * byte, an exponent or a number of more than 18 digits, a wrong type, a value the codec would refuse) it gives up
 * and returns empty, and the caller reads the record the general way, which finds the same record or gives the
 * usual error with its field. A property test compares both on generated, mutated and adversarial records.
 */
public final class CanonicalReportReader {

    /**
     * A report read from canonical bytes. {@code hashAt} and {@code signatureAt} are the offsets of the quotes
     * opening the top-level {@code "hash"} and {@code "signature"} names.
     */
    public record Read(TallyReport report, int hashAt, int signatureAt) {}

    /** Thrown where this reader gives up; carries nothing, costs no stack trace. */
    private static final class Declined extends RuntimeException {
        private static final Declined INSTANCE = new Declined();

        private Declined() {
            super(null, null, false, false);
        }
    }

    /** Member names as the canonical form spells them, the quotes and the colon included. */
    private static final byte[] CLOCK_SYNCED = name("clockSynced");
    private static final byte[] DEVICE = name("device");
    private static final byte[] DISPLACED = name("displaced");
    private static final byte[] EMISSIONS = name("emissions");
    private static final byte[] ENERGY_KWH = name("energyKwh");
    private static final byte[] HASH = name("hash");
    private static final byte[] KEY_ID = name("keyId");
    private static final byte[] KIND = name("kind");
    private static final byte[] METER = name("meter");
    private static final byte[] METHODOLOGY = name("methodology");
    private static final byte[] PERIOD_END = name("periodEnd");
    private static final byte[] PERIOD_START = name("periodStart");
    private static final byte[] PREV_HASH = name("prevHash");
    private static final byte[] SCHEMA = name("schema");
    private static final byte[] SENSITIVITY = name("sensitivity");
    private static final byte[] SEQ = name("seq");
    private static final byte[] SIGNATURE = name("signature");
    private static final byte[] SITE = name("site");
    private static final byte[] END_KWH = name("endKwh");
    private static final byte[] ID = name("id");
    private static final byte[] ROLLOVER_KWH = name("rolloverKwh");
    private static final byte[] START_KWH = name("startKwh");
    private static final byte[] FACTORS = name("factors");
    private static final byte[] VERSION = name("version");
    private static final byte[] NAME = name("name");
    private static final byte[] SOURCE = name("source");
    private static final byte[] UNIT = name("unit");
    private static final byte[] VALUE = name("value");
    private static final byte[] YEAR = name("year");
    private static final byte[] CO2_KG = name("co2Kg");
    private static final byte[] CO2_NET_KG = name("co2NetKg");
    private static final byte[] CO2_PROJECT_KG = name("co2ProjectKg");
    private static final byte[] GRID = name("grid");
    private static final byte[] NOX_KG = name("noxKg");
    private static final byte[] PM_KG = name("pmKg");
    private static final byte[] SO2_KG = name("so2Kg");
    private static final byte[] REGION = name("region");

    /**
     * Strings up to this many bytes go through the cache: every name, unit, source, id and key id repeats from
     * report to report. Hashes, signatures and times are read without it.
     */
    private static final int CACHED_LENGTH = 128;
    private static final CachedString[] STRINGS = new CachedString[1024];

    private record CachedString(byte[] bytes, String string) {}

    private static final CachedNumber[] NUMBERS = new CachedNumber[1024];

    private record CachedNumber(long unscaled, int scale, BigDecimal value) {}

    private final byte[] b;
    private int pos;

    private CanonicalReportReader(byte[] b) {
        this.b = b;
    }

    /** The report in {@code utf8}, if it is in the canonical form this reader takes; else empty. */
    public static Optional<Read> read(byte[] utf8) {
        try {
            return Optional.of(new CanonicalReportReader(utf8).report());
        } catch (Declined | ArrayIndexOutOfBoundsException e) {
            // the end of the bytes where more was due is one more thing to leave to the general reader
            return Optional.empty();
        }
    }

    private Read report() {
        expect('{');
        key(CLOCK_SYNCED);
        boolean clockSynced = bool();
        next(DEVICE);
        String device = string(true);
        next(DISPLACED);
        Map<String, BigDecimal> displaced = displaced();
        next(EMISSIONS);
        Emissions emissions = emissions();
        next(ENERGY_KWH);
        BigDecimal energyKwh = number();
        expect(',');
        int hashAt = pos;
        key(HASH);
        String hash = string(false);
        next(KEY_ID);
        String keyId = string(true);
        next(KIND);
        SiteKind kind = SiteKind.fromWire(string(true)).orElseThrow(CanonicalReportReader::declined);
        next(METER);
        MeterSpan meter = meter();
        next(METHODOLOGY);
        MethodologyRef methodology = methodology();
        next(PERIOD_END);
        Instant periodEnd = instant();
        next(PERIOD_START);
        Instant periodStart = instant();
        next(PREV_HASH);
        String prevHash = string(false);
        next(SCHEMA);
        String schema = string(true);
        expect(',');
        Optional<Accounting> sensitivity = Optional.empty();
        if (at(SENSITIVITY)) {
            key(SENSITIVITY);
            if (!nullLiteral()) {
                sensitivity = Optional.of(accounting());
            }
            expect(',');
        }
        key(SEQ);
        long seq = wholeNumber(18);
        expect(',');
        int signatureAt = pos;
        key(SIGNATURE);
        String signature = string(false);
        next(SITE);
        String site = string(true);
        expect('}');
        if (pos != b.length) {
            throw declined();
        }
        ReportBody body = new ReportBody(schema, site, device, kind, seq, periodStart, periodEnd, clockSynced, meter,
                energyKwh, new Accounting(methodology, displaced, emissions), sensitivity, prevHash, keyId);
        return new Read(new TallyReport(body, hash, signature), hashAt, signatureAt);
    }

    /** {@code {"displaced":{...},"emissions":{...},"methodology":{...}}}, the sensitivity's members. */
    private Accounting accounting() {
        expect('{');
        key(DISPLACED);
        Map<String, BigDecimal> displaced = displaced();
        next(EMISSIONS);
        Emissions emissions = emissions();
        next(METHODOLOGY);
        MethodologyRef methodology = methodology();
        expect('}');
        return new Accounting(methodology, displaced, emissions);
    }

    /**
     * Named quantities in document order, as the codec keeps them. Names must come in strictly rising order, as
     * canonical members do: so no name is there twice.
     */
    private Map<String, BigDecimal> displaced() {
        expect('{');
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        if (b[pos] == '}') {
            pos++;
            return out;
        }
        int previousFrom = -1;
        int previousTo = -1;
        while (true) {
            int from = pos + 1;
            String name = string(true);
            int to = pos - 1;
            if (previousFrom >= 0 && Arrays.compareUnsigned(b, previousFrom, previousTo, b, from, to) >= 0) {
                throw declined();
            }
            previousFrom = from;
            previousTo = to;
            expect(':');
            out.put(name, number());
            if (b[pos] == '}') {
                pos++;
                return out;
            }
            expect(',');
        }
    }

    private Emissions emissions() {
        expect('{');
        key(CO2_KG);
        BigDecimal co2 = number();
        next(CO2_NET_KG);
        BigDecimal net = number();
        next(CO2_PROJECT_KG);
        BigDecimal project = number();
        next(GRID);
        GridFactor grid = grid();
        Optional<BigDecimal> nox = optionalNumber(NOX_KG);
        Optional<BigDecimal> pm = optionalNumber(PM_KG);
        Optional<BigDecimal> so2 = optionalNumber(SO2_KG);
        expect('}');
        return new Emissions(co2, so2, nox, pm, project, net, grid);
    }

    /** {@code ,"name":number} or {@code ,"name":null}, or nothing: the member may be absent. */
    private Optional<BigDecimal> optionalNumber(byte[] name) {
        if (b[pos] != ',' || !at(pos + 1, name)) {
            return Optional.empty();
        }
        pos++;
        key(name);
        return nullLiteral() ? Optional.empty() : Optional.of(number());
    }

    private GridFactor grid() {
        Sourced g = sourced(REGION);
        return new GridFactor(g.first(), g.year(), g.value(), g.unit(), g.source());
    }

    /** A published value as both a grid factor and a methodology factor write it, after its first member. */
    private record Sourced(String first, String source, String unit, BigDecimal value, int year) {}

    /** Reads {@code {"FIRST":"..","source":"..","unit":"..","value":N,"year":N}} in that canonical order. */
    private Sourced sourced(byte[] first) {
        expect('{');
        key(first);
        String name = string(true);
        next(SOURCE);
        String source = string(true);
        next(UNIT);
        String unit = string(true);
        next(VALUE);
        BigDecimal value = number();
        next(YEAR);
        int year = (int) wholeNumber(9);
        expect('}');
        return new Sourced(name, source, unit, value, year);
    }

    private MeterSpan meter() {
        expect('{');
        key(END_KWH);
        BigDecimal end = number();
        next(ID);
        String id = string(true);
        next(ROLLOVER_KWH);
        BigDecimal rollover = number();
        next(START_KWH);
        BigDecimal start = number();
        expect('}');
        return new MeterSpan(id, start, end, rollover);
    }

    private MethodologyRef methodology() {
        expect('{');
        key(FACTORS);
        expect('[');
        List<Factor> factors = new ArrayList<>();
        if (b[pos] == ']') {
            pos++;
        } else {
            while (true) {
                factors.add(factor());
                if (b[pos] == ']') {
                    pos++;
                    break;
                }
                expect(',');
            }
        }
        next(ID);
        String id = string(true);
        next(VERSION);
        String version = string(true);
        expect('}');
        return new MethodologyRef(id, version, factors);
    }

    private Factor factor() {
        Sourced f = sourced(NAME);
        if (f.first().isBlank() || f.unit().isBlank() || f.source().isBlank()) {
            throw declined(); // the general reader fails on these as it always has
        }
        return new Factor(f.first(), f.value(), f.unit(), f.source(), f.year());
    }

    private Instant instant() {
        String s = string(false);
        try {
            return Times.parseInstant(s);
        } catch (DateTimeException e) {
            throw declined();
        }
    }

    // --- the bytes ---

    private static byte[] name(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    private static Declined declined() {
        return Declined.INSTANCE;
    }

    private void expect(char c) {
        if (b[pos] != c) {
            throw declined();
        }
        pos++;
    }

    /** A comma, then the member name {@code name}. */
    private void next(byte[] name) {
        expect(',');
        key(name);
    }

    private void key(byte[] name) {
        if (!at(pos, name)) {
            throw declined();
        }
        pos += name.length;
    }

    private boolean at(byte[] name) {
        return at(pos, name);
    }

    private boolean at(int from, byte[] name) {
        return from + name.length <= b.length && Arrays.equals(b, from, from + name.length, name, 0, name.length);
    }

    private boolean bool() {
        if (b[pos] == 't' && b[pos + 1] == 'r' && b[pos + 2] == 'u' && b[pos + 3] == 'e') {
            pos += 4;
            return true;
        }
        if (b[pos] == 'f' && b[pos + 1] == 'a' && b[pos + 2] == 'l' && b[pos + 3] == 's' && b[pos + 4] == 'e') {
            pos += 5;
            return false;
        }
        throw declined();
    }

    /** Consumes {@code null} if it is next. */
    private boolean nullLiteral() {
        if (b[pos] == 'n' && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    /**
     * The string opening at {@code pos}: printable ASCII without escapes only (the rest is declined). Repeated
     * strings come from the cache when {@code cached}.
     */
    private String string(boolean cached) {
        if (b[pos] != '"') {
            throw declined();
        }
        int start = pos + 1;
        int i = start;
        while (true) {
            int c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) { // bytes >= 0x80 are negative here
                throw declined();
            }
            i++;
        }
        pos = i + 1;
        int length = i - start;
        if (!cached || length > CACHED_LENGTH) {
            return new String(b, start, length, StandardCharsets.ISO_8859_1);
        }
        // The slot from the length and the first and last bytes only: the full comparison below decides, and
        // hashing every byte of the long sources would cost more than that comparison.
        int h = length * 31 + b[length > 0 ? start : start - 1] * 961 + b[i - 1] * 29791
                + (length > 2 ? b[start + length / 2] : 0);
        int slot = (h ^ (h >>> 11)) & (STRINGS.length - 1);
        // One immutable entry per slot, replaced on a miss: the cache stays this size whatever it is fed, and
        // threads sharing it see an old entry or a new one, both complete.
        CachedString e = STRINGS[slot];
        if (e == null || e.bytes.length != length || !Arrays.equals(e.bytes, 0, length, b, start, i)) {
            e = new CachedString(Arrays.copyOfRange(b, start, i),
                    new String(b, start, length, StandardCharsets.ISO_8859_1));
            STRINGS[slot] = e;
        }
        return e.string;
    }

    /**
     * A JSON number without exponent of up to 18 digits, as {@code BigDecimal.valueOf(unscaled, scale)}: the same
     * value at the same scale as {@code new BigDecimal} gives for its literal. Anything else is declined.
     */
    private BigDecimal number() {
        boolean negative = b[pos] == '-';
        if (negative) {
            pos++;
        }
        long unscaled = 0;
        int digits = 0;
        if (b[pos] == '0') {
            pos++;
            digits = 1;
        } else if (isDigit(b[pos])) {
            while (isDigit(b[pos])) {
                unscaled = unscaled * 10 + (b[pos++] - '0');
                digits++;
            }
        } else {
            throw declined();
        }
        int scale = 0;
        if (b[pos] == '.') {
            pos++;
            if (!isDigit(b[pos])) {
                throw declined();
            }
            while (isDigit(b[pos])) {
                unscaled = unscaled * 10 + (b[pos++] - '0');
                digits++;
                scale++;
            }
        }
        if (digits > 18 || b[pos] == 'e' || b[pos] == 'E') {
            throw declined();
        }
        return cachedNumber(negative ? -unscaled : unscaled, scale);
    }

    /** A whole number literal of at most {@code maxDigits} digits (no fraction, no exponent). */
    private long wholeNumber(int maxDigits) {
        int start = b[pos] == '-' ? pos + 1 : pos;
        BigDecimal d = number();
        for (int i = start; i < pos; i++) {
            if (b[i] == '.') {
                throw declined();
            }
        }
        if (pos - start > maxDigits) {
            throw declined();
        }
        return d.longValue();
    }

    /** Factor values, years and many meter readings repeat: the same immutable value is shared. */
    private static BigDecimal cachedNumber(long unscaled, int scale) {
        long mix = unscaled * 0x9E3779B97F4A7C15L + scale;
        int slot = (int) (mix ^ (mix >>> 32)) & (NUMBERS.length - 1);
        CachedNumber c = NUMBERS[slot];
        if (c != null && c.unscaled == unscaled && c.scale == scale) {
            return c.value;
        }
        BigDecimal v = BigDecimal.valueOf(unscaled, scale);
        NUMBERS[slot] = new CachedNumber(unscaled, scale, v);
        return v;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
