package io.edgetally.io.meter;

import io.edgetally.io.modbus.ModbusClient;
import io.edgetally.io.modbus.ModbusResult;
import io.edgetally.io.modbus.RegisterBlock;
import io.edgetally.io.modbus.RegisterField;
import io.edgetally.io.modbus.RegisterPlanner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kWh meter read over Modbus through a {@link MeterRegisterMap}: import energy and power in as few requests
 * as the model allows, the serial number once per connection (a new connection may mean a replaced meter), and
 * values that no meter can report (NaN, infinite, negative energy) turned into a failed read naming the
 * endpoint, unit and register. Plausibility over time (monotonic, jumps, rollover) is the ledger's job.
 *
 * <p>A strict meter, or a gateway in front of one, may refuse a request that spans registers it does not define
 * (the gap between power and energy) with exception 2, "illegal data address", though it answers each field on its
 * own. Such a block is split in two at once (its fields by address, each half one request) and read again in the
 * same {@link #read()}, down to one request per named field; the split is kept for the life of this object (the
 * process: a restart tries the spanning request again) and logged once, and {@link #describe()} names it, for
 * {@code edgetally doctor}. Exception 2 for a single field is a failed read: the register map does not fit the meter.
 *
 * <p>Never throws from {@link #read()}. Not thread-safe: one control loop owns it. It owns its client and closes
 * it on {@link #close()}.
 */
public final class ModbusEnergyMeter implements EnergyMeter {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusEnergyMeter.class);

    private final MeterRegisterMap map;
    private final ModbusClient client;
    private final int unitId;
    private final Clock clock;
    private final List<RegisterField> fields;
    /** the requests one read sends; a block the meter refused is replaced by its halves (cycle thread only) */
    private final List<RegisterBlock> valueBlocks;
    private final Optional<RegisterBlock> serialBlock;
    /** the blocks the meter refused with exception 2, in the order it refused them */
    private final List<RegisterBlock> refused = new ArrayList<>();

    private String meterId;
    private boolean identified;
    private long identifiedEpoch = -1;

    public ModbusEnergyMeter(MeterRegisterMap map, ModbusClient client, int unitId, Clock clock) {
        this.map = map;
        this.client = client;
        this.unitId = unitId;
        this.clock = clock;
        List<RegisterField> values = new ArrayList<>(List.of(map.importKwh(), map.power()));
        map.powerDecimalPoint().ifPresent(dp -> values.add(dp.field()));
        this.fields = List.copyOf(values);
        this.valueBlocks = new ArrayList<>(RegisterPlanner.plan(unitId, values, map.maxGapRegisters(),
                map.maxRegistersPerRequest()));
        this.serialBlock = map.serialNumber().map(f -> new RegisterBlock(unitId, f.kind(), f.address(), f.registers()));
        this.meterId = map.serialNumber().isPresent() ? map.model() + ":unidentified"
                : map.model() + ":" + client.endpoint() + "#" + unitId;
    }

    /** How many requests one {@link #read()} sends while the connection holds (the serial read not counted). */
    public int requestsPerRead() {
        return valueBlocks.size();
    }

    /** The blocks this meter refused with exception 2 and now reads in parts; empty for most meters. */
    public List<RegisterBlock> refusedBlocks() {
        return List.copyOf(refused);
    }

    @Override
    public MeterReading read() {
        List<ModbusResult.Registers> blocks = new ArrayList<>(valueBlocks.size());
        for (int i = 0; i < valueBlocks.size(); i++) {
            RegisterBlock block = valueBlocks.get(i);
            switch (client.read(block)) {
                case ModbusResult.Registers r -> blocks.add(r);
                case ModbusResult.Failure f when f.illegalDataAddress() && covered(block).size() > 1 -> {
                    List<RegisterBlock> halves = split(block);
                    refused.add(block);
                    LOG.warn("meter {} refused one request for {} with exception 2 (illegal data address); reading "
                            + "them as {} from now on, until the service restarts", describeUnit(), registers(block),
                            halves.stream().map(ModbusEnergyMeter::registers).collect(Collectors.joining(" and ")));
                    valueBlocks.remove(i);
                    valueBlocks.addAll(i, halves);
                    i--; // read the first half now, in this same read
                }
                case ModbusResult.Failure f -> {
                    return failed(f.reason());
                }
            }
        }
        // Identity after the values: if this read opened a new connection, the values came from whoever answers
        // now, and they are booked under that meter's serial.
        if (serialBlock.isPresent() && (!identified || client.connectionEpoch() != identifiedEpoch)) {
            Optional<String> error = identify(serialBlock.get());
            if (error.isPresent()) {
                return failed(error.get());
            }
        }
        double importKwh = decode(blocks, map.importKwh()) / map.importUnitsPerKwh();
        double powerW = decode(blocks, map.power()) * map.powerToWatts();
        if (map.powerDecimalPoint().isPresent()) {
            MeterRegisterMap.DecimalPoint dp = map.powerDecimalPoint().get();
            double exponent = decode(blocks, dp.field());
            if (!dp.accepts(exponent)) {
                return failed(where(dp.field()) + ": decimal point " + (long) exponent + " out of range (expected "
                        + dp.min() + ".." + dp.max() + "), so " + map.power().describe() + " cannot be scaled");
            }
            powerW *= dp.factor(exponent);
        }
        if (!Double.isFinite(importKwh) || importKwh < 0) {
            return failed(where(map.importKwh()) + ": impossible value " + importKwh
                    + " (expected a finite kWh count >= 0)");
        }
        if (!Double.isFinite(powerW)) {
            return failed(where(map.power()) + ": impossible value " + powerW + " (expected a finite power)");
        }
        return new MeterReading.Ok(meterId, importKwh, powerW, clock.instant());
    }

    private Optional<String> identify(RegisterBlock block) {
        RegisterField field = map.serialNumber().orElseThrow();
        return switch (client.read(block)) {
            case ModbusResult.Failure f -> Optional.of("cannot read serial number: " + f.reason());
            case ModbusResult.Registers r -> {
                long serial = (long) field.decode(r);
                if (serial == 0 || serial == 0xFFFF_FFFFL) {
                    yield Optional.of(where(field) + ": no serial number (read " + serial + ")");
                }
                meterId = map.model() + ":" + serial;
                identified = true;
                identifiedEpoch = client.connectionEpoch();
                yield Optional.empty();
            }
        };
    }

    /** The named fields {@code block} holds. */
    private List<RegisterField> covered(RegisterBlock block) {
        return fields.stream().filter(f -> f.kind() == block.kind() && block.covers(f.address(), f.registers()))
                .toList();
    }

    /** The block's fields in two halves by address, each half one request (as close as the fields allow). */
    private List<RegisterBlock> split(RegisterBlock block) {
        List<RegisterField> inside = new ArrayList<>(covered(block));
        inside.sort((a, b) -> Integer.compare(a.address(), b.address()));
        int half = inside.size() / 2;
        // each half spans less than the block did, so it is one request whatever it bridges
        List<RegisterBlock> halves = new ArrayList<>();
        halves.addAll(RegisterPlanner.plan(unitId, inside.subList(0, half), RegisterBlock.MAX_COUNT,
                RegisterBlock.MAX_COUNT));
        halves.addAll(RegisterPlanner.plan(unitId, inside.subList(half, inside.size()), RegisterBlock.MAX_COUNT,
                RegisterBlock.MAX_COUNT));
        return halves;
    }

    private static double decode(List<ModbusResult.Registers> blocks, RegisterField field) {
        for (ModbusResult.Registers r : blocks) {
            if (r.block().covers(field.address(), field.registers()) && r.block().kind() == field.kind()) {
                return field.decode(r);
            }
        }
        throw new IllegalStateException("no planned block covers " + field.describe());
    }

    private String where(RegisterField field) {
        return client.endpoint() + " unit " + unitId + " " + field.describe();
    }

    private MeterReading failed(String reason) {
        return new MeterReading.Failed(meterId, reason, clock.instant());
    }

    @Override
    public String model() {
        return map.displayName();
    }

    /**
     * e.g. {@code "SDM630 @ tcp://10.0.0.5:502 unit 1"}; for a meter that refused a spanning request also how it is
     * read now: {@code "..., read in 2 requests per read (it refused unit 1 input registers 0x0034..0x0049 with
     * exception 2)"}.
     */
    @Override
    public String describe() {
        if (refused.isEmpty()) {
            return describeUnit();
        }
        return describeUnit() + ", read in " + valueBlocks.size() + " requests per read (it refused "
                + refused.stream().map(ModbusEnergyMeter::registers).collect(Collectors.joining(", ")) + " in one"
                + " request with exception 2; kept until the service restarts)";
    }

    /** e.g. {@code "input registers 0x0034..0x0049"}. */
    private static String registers(RegisterBlock block) {
        return block.kind().plural() + String.format(" 0x%04X..0x%04X", block.start(), block.end() - 1);
    }

    private String describeUnit() {
        return map.model() + " @ " + client.endpoint() + " unit " + unitId;
    }

    @Override
    public void close() {
        client.close();
    }
}
