package io.edgetally.io.modbus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Groups the fields a driver needs into as few read requests as the device allows: fields of the same kind
 * whose gap is at most {@code maxGapRegisters} share one request, up to {@code maxRegistersPerRequest}.
 * A gap is only bridged where the device is known to answer for the registers in between.
 */
public final class RegisterPlanner {

    private RegisterPlanner() {
    }

    public static List<RegisterBlock> plan(int unitId, Collection<RegisterField> fields, int maxGapRegisters,
            int maxRegistersPerRequest) {
        if (maxGapRegisters < 0 || maxRegistersPerRequest < 2 || maxRegistersPerRequest > RegisterBlock.MAX_COUNT) {
            throw new IllegalArgumentException("bad plan limits: gap " + maxGapRegisters + ", per request "
                    + maxRegistersPerRequest);
        }
        List<RegisterField> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(RegisterField::kind).thenComparingInt(RegisterField::address));
        List<RegisterBlock> blocks = new ArrayList<>();
        RegisterKind kind = null;
        int start = 0;
        int end = 0;
        for (RegisterField field : sorted) {
            int fieldEnd = field.address() + field.registers();
            boolean joins = kind == field.kind() && field.address() - end <= maxGapRegisters
                    && Math.max(end, fieldEnd) - start <= maxRegistersPerRequest;
            if (joins) {
                end = Math.max(end, fieldEnd);
            } else {
                if (kind != null) {
                    blocks.add(new RegisterBlock(unitId, kind, start, end - start));
                }
                kind = field.kind();
                start = field.address();
                end = fieldEnd;
            }
        }
        if (kind != null) {
            blocks.add(new RegisterBlock(unitId, kind, start, end - start));
        }
        return List.copyOf(blocks);
    }
}
