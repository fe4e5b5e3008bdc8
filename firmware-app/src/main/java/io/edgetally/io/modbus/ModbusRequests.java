package io.edgetally.io.modbus;

import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import java.util.Optional;
import java.util.function.IntPredicate;

/** Builds j2mod requests for blocks and coil writes and checks the answers; shared by the TCP and RTU links. */
final class ModbusRequests {

    private ModbusRequests() {}

    static ModbusRequest read(RegisterBlock block) {
        ModbusRequest request = switch (block.kind()) {
            case INPUT -> new ReadInputRegistersRequest(block.start(), block.count());
            case HOLDING -> new ReadMultipleRegistersRequest(block.start(), block.count());
            case COIL -> new ReadCoilsRequest(block.start(), block.count());
            case DISCRETE_INPUT -> new ReadInputDiscretesRequest(block.start(), block.count());
        };
        request.setUnitID(block.unitId());
        return request;
    }

    /** The words (bits as 0/1) of an answer that fits the block, or empty when it does not. */
    static Optional<int[]> decode(RegisterBlock block, ModbusResponse response) {
        int n = block.count();
        RegisterKind kind = block.kind();
        int[] words = switch (response) {
            case ReadInputRegistersResponse r when kind == RegisterKind.INPUT -> words(r.getRegisters());
            case ReadMultipleRegistersResponse r when kind == RegisterKind.HOLDING -> words(r.getRegisters());
            case ReadCoilsResponse r when kind == RegisterKind.COIL && r.getBitCount() >= n ->
                    bits(n, r::getCoilStatus);
            case ReadInputDiscretesResponse r when kind == RegisterKind.DISCRETE_INPUT && r.getBitCount() >= n ->
                    bits(n, r::getDiscreteStatus);
            case null, default -> null;
        };
        return words == null || words.length != n ? Optional.empty() : Optional.of(words);
    }

    static ModbusRequest writeCoils(RegisterBlock block, boolean[] values) {
        ModbusRequest request;
        if (values.length == 1) {
            request = new WriteCoilRequest(block.start(), values[0]);
        } else {
            WriteMultipleCoilsRequest multiple = new WriteMultipleCoilsRequest(block.start(), values.length);
            for (int i = 0; i < values.length; i++) {
                multiple.setCoilStatus(i, values[i]);
            }
            request = multiple;
        }
        request.setUnitID(block.unitId());
        return request;
    }

    /** Whether the device's answer echoes the write (address and value, or address and count). */
    static boolean writeConfirmed(RegisterBlock block, boolean[] values, ModbusResponse response) {
        return switch (response) {
            case WriteCoilResponse r -> values.length == 1 && r.getReference() == block.start()
                    && r.getCoil() == values[0];
            case WriteMultipleCoilsResponse r -> values.length > 1 && r.getReference() == block.start()
                    && r.getBitCount() == values.length;
            case null, default -> false;
        };
    }

    /** Function 16 even for one register, so a device sees one kind of write for the whole block. */
    static ModbusRequest writeRegisters(RegisterBlock block, int[] values) {
        Register[] registers = new Register[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFFFF) {
                throw new IllegalArgumentException(block.kind().describe(block.start() + i)
                        + ": a register holds 0..65535, got " + values[i]);
            }
            registers[i] = new SimpleRegister(values[i]);
        }
        WriteMultipleRegistersRequest request = new WriteMultipleRegistersRequest(block.start(), registers);
        request.setUnitID(block.unitId());
        return request;
    }

    /** Whether the device's answer to a function-16 write echoes its address and count. */
    static boolean writeConfirmed(RegisterBlock block, ModbusResponse response) {
        return response instanceof WriteMultipleRegistersResponse r && r.getReference() == block.start()
                && r.getWordCount() == block.count();
    }

    static RegisterBlock coilBlock(int unitId, int start, boolean[] values) {
        return new RegisterBlock(unitId, RegisterKind.COIL, start, values.length);
    }

    static int[] words(boolean[] values) {
        int[] words = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            words[i] = values[i] ? 1 : 0;
        }
        return words;
    }

    private static int[] words(InputRegister[] registers) {
        int[] words = new int[registers.length];
        for (int i = 0; i < words.length; i++) {
            words[i] = registers[i].toUnsignedShort();
        }
        return words;
    }

    private static int[] bits(int count, IntPredicate bit) {
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = bit.test(i) ? 1 : 0;
        }
        return words;
    }
}
