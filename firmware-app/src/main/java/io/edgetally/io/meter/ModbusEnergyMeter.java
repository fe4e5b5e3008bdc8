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

/**
 * A kWh meter read over Modbus through a {@link MeterRegisterMap}: import energy and power in as few requests
 * as the model allows, the serial number once per connection (a new connection may mean a replaced meter), and
 * values that no meter can report (NaN, infinite, negative energy) turned into a failed read naming the
 * endpoint, unit and register. Plausibility over time (monotonic, jumps, rollover) is the ledger's job.
 * Never throws from {@link #read()}. Not thread-safe: one control loop owns it. It owns its client and closes
 * it on {@link #close()}.
 */
public final class ModbusEnergyMeter implements EnergyMeter {

    private final MeterRegisterMap map;
    private final ModbusClient client;
    private final int unitId;
    private final Clock clock;
    private final List<RegisterBlock> valueBlocks;
    private final Optional<RegisterBlock> serialBlock;

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
        this.valueBlocks = RegisterPlanner.plan(unitId, values, map.maxGapRegisters(), map.maxRegistersPerRequest());
        this.serialBlock = map.serialNumber().map(f -> new RegisterBlock(unitId, f.kind(), f.address(), f.registers()));
        this.meterId = map.serialNumber().isPresent() ? map.model() + ":unidentified"
                : map.model() + ":" + client.endpoint() + "#" + unitId;
    }

    /** How many requests one {@link #read()} sends while the connection holds (the serial read not counted). */
    public int requestsPerRead() {
        return valueBlocks.size();
    }

    @Override
    public MeterReading read() {
        List<ModbusResult.Registers> blocks = new ArrayList<>(valueBlocks.size());
        for (RegisterBlock block : valueBlocks) {
            switch (client.read(block)) {
                case ModbusResult.Registers r -> blocks.add(r);
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
    public String describe() {
        return map.model() + " @ " + client.endpoint() + " unit " + unitId;
    }

    @Override
    public void close() {
        client.close();
    }
}
