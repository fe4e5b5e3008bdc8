package io.edgetally.sim.station;

import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.station.control.ChargingPolicy;
import io.edgetally.station.control.PackLimits;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.station.control.StationSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The baseline: every pack charges at the most it accepts from the moment it arrives, the fullest packs first when
 * the cap does not allow all of them (they become ready soonest). Same pack limits as the controller; no prices, no
 * forecast, no demand charge.
 */
public final class NaivePolicy implements ChargingPolicy {

    private final StationControllerConfig config;
    private final PackLimits limits;

    public NaivePolicy(StationControllerConfig config) {
        this.config = config;
        this.limits = new PackLimits(config);
    }

    @Override
    public StationCommand step(StationSnapshot snapshot, Instant now) {
        double cap = config.stationCapKw();
        if (snapshot.externalCapKw().isPresent()) {
            cap = Math.min(cap, snapshot.externalCapKw().getAsDouble());
        }
        List<SlotState> order = new ArrayList<>(snapshot.slots());
        order.sort(Comparator.comparingDouble((SlotState s) -> s.pack().map(PackState::soc).orElse(-1.0)).reversed());
        double[] kw = new double[snapshot.slots().size()];
        double left = cap;
        int ready = 0;
        for (SlotState s : order) {
            if (s.pack().isEmpty()) {
                continue;
            }
            if (config.isReady(s.pack().get().soc())) {
                ready++;
            }
            if (s.charger() != ChargerStatus.OK) {
                continue;
            }
            double want = Math.max(0, Math.min(limits.maxGridKw(s.pack().get()), left));
            kw[snapshot.slots().indexOf(s)] = Math.floor(want * 1000) / 1000;
            left -= kw[snapshot.slots().indexOf(s)];
        }
        List<ChargerSetpoint> setpoints = new ArrayList<>();
        for (int i = 0; i < kw.length; i++) {
            setpoints.add(new ChargerSetpoint(snapshot.slots().get(i).slot(), kw[i]));
        }
        var status = new StationCommand.CycleStatus(cap, cap, 0, ready, 0, config.tariff().pricePerKwh(now), 0,
                Optional.empty());
        return new StationCommand(setpoints, List.of(), status);
    }
}
