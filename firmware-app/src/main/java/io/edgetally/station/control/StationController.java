package io.edgetally.station.control;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.alarm.AlarmEvent;
import io.edgetally.alarm.OwnAlarms;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.io.plc.SwapObservation;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The swap station's charging controller. Each cycle: book completed swaps, track the month's peak demand, check
 * chargers and pack temperatures, then plan charging over the coming day (forecast arrivals, time-of-use prices,
 * demand charge) and execute the plan's first step as per-charger power setpoints.
 *
 * <p>Guarantees per cycle: the setpoints sum to at most min(station cap, external cap); a faulted or silent charger,
 * a pack at or above the stop temperature or with an unknown temperature gets 0 kW; no pack gets more than its
 * C-rate, taper and temperature derating allow, or anything once at the target SOC.
 */
public final class StationController implements ChargingPolicy {

    private static final int BUDGET_SEARCH_STEPS = 10;
    private static final int BUDGET_CANDIDATES = 6;
    private static final int DEPARTED_MEMORY = 256;
    /** R(t) counts the trucks planned for within this window: a pack not ready now can hardly be ready sooner. */
    private static final Duration READY_TARGET_WINDOW = Duration.ofMinutes(30);
    /** Plans this close in late energy count as equally good (about 3 kW over the one-minute first step). */
    private static final double SHORTFALL_TOLERANCE_KWH = 0.05;

    private final StationControllerConfig config;
    private final PackLimits limits;
    private final ArrivalForecast forecast;
    private final DemandTracker demand;
    private final OwnAlarms<StationEvent> alarms;
    private final Map<Integer, Stay> stays = new LinkedHashMap<>();
    private final Map<String, Double> chargedByDepartedPack = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > DEPARTED_MEMORY;
        }
    };
    private boolean firstCycle = true;
    private final Optional<AnnouncedArrivals> announced;

    /** A pack's stay in a slot, for the DC energy it received. */
    private record Stay(String packId, double dcAtStartKwh, double lastDcKwh, boolean seenFromStart) {}

    public StationController(StationControllerConfig config) {
        this(config, 0.0, YearMonth.of(1970, 1));
    }

    /** With the month's peak restored from the store after a restart (the demand charge remembers it). */
    public StationController(StationControllerConfig config, double restoredMonthPeakKw, YearMonth restoredMonth) {
        this(config, restoredMonthPeakKw, restoredMonth, Optional.empty());
    }

    /** Planning for announced trucks where they are known (see {@link AnnouncedArrivals}). */
    public StationController(StationControllerConfig config, AnnouncedArrivals announced) {
        this(config, 0.0, YearMonth.of(1970, 1), Optional.of(announced));
    }

    /** With the month's peak restored and, if the station has a dispatch feed, its announced trucks. */
    public StationController(StationControllerConfig config, double restoredMonthPeakKw, YearMonth restoredMonth,
                              Optional<AnnouncedArrivals> announced) {
        this(config, restoredMonthPeakKw, restoredMonth, announced, new AlarmBook());
    }

    /** As a site runs it: the month's peak restored, the announced trucks if any, alarms in the site's book. */
    public StationController(StationControllerConfig config, double restoredMonthPeakKw, YearMonth restoredMonth,
                              Optional<AnnouncedArrivals> announced, AlarmBook alarms) {
        this.config = config;
        this.alarms = new OwnAlarms<>(alarms, a -> new StationEvent.AlarmChanged(new AlarmEvent.Raised(a,
                a.raisedAt())), (code, at) -> new StationEvent.AlarmChanged(new AlarmEvent.Cleared(code, at)));
        this.announced = announced;
        this.limits = new PackLimits(config);
        this.forecast = new ArrivalForecast(config.arrivals(), config.tariff().zone(), config.expectedReturnSoc());
        this.demand = new DemandTracker(config.planStep(), config.tariff().zone(), restoredMonthPeakKw, restoredMonth);
    }

    /** The month's peak so far (the cycle publishes it in {@link StationCommand.CycleStatus}, for other threads). */
    public double monthPeakKw() {
        return demand.monthPeakKw();
    }

    /** The controller's own active alarms (the site's book may hold the PLC link's too). */
    public List<Alarm> activeAlarms() {
        return alarms.active();
    }

    @Override
    public StationCommand step(StationSnapshot snapshot, Instant now) {
        List<StationEvent> events = new ArrayList<>();
        announced.ifPresent(a -> snapshot.etas().forEach(a::received));
        forecast.advanceTo(now);
        trackStays(snapshot);
        bookSwaps(snapshot, events);
        trackDemand(snapshot, now, events);
        firstCycle = false;

        double effectiveCapKw = config.stationCapKw();
        if (snapshot.externalCapKw().isPresent()) {
            effectiveCapKw = Math.min(effectiveCapKw, snapshot.externalCapKw().getAsDouble());
        }

        // per slot: what the pack may take now (0 if it must not be charged), with alarms for why
        List<SlotState> slots = snapshot.slots();
        double[] maxKw = new double[slots.size()];
        int ready = 0;
        for (int i = 0; i < slots.size(); i++) {
            SlotState slot = slots.get(i);
            maxKw[i] = allowedKw(slot, now, events);
            if (slot.pack().isPresent() && config.isReady(slot.pack().get().soc())) {
                ready++;
            }
        }
        if (snapshot.trucksWaiting() > 0 && ready == 0) {
            alarms.raise("station.service.waiting", Alarm.Severity.WARNING, snapshot.trucksWaiting()
                    + " truck(s) waiting and no pack ready: chargers run at full power within the cap", now, events);
        } else if (snapshot.trucksWaiting() == 0) {
            alarms.clear("station.service.waiting", now, events);
        }

        ChargePlanner planner = new ChargePlanner(now, config.horizon(), config.planStep(), config.tariff(),
                effectiveCapKw, effectiveCapKw);
        Instant horizonEnd = now.plus(config.horizon());
        List<Instant> arrivals = new ArrayList<>();
        for (int w = 0; w < snapshot.trucksWaiting(); w++) {
            arrivals.add(now);
        }
        Instant forecastFrom = now;
        if (announced.isPresent()) {
            Instant covered = announced.get().completeUntil(now);
            forecastFrom = covered.isBefore(horizonEnd) ? covered : horizonEnd;
            arrivals.addAll(announced.get().between(now, forecastFrom));
            Optional<String> problem = announced.get().problem(now);
            if (problem.isPresent()) {
                alarms.raise("station.eta", Alarm.Severity.WARNING, problem.get(), now, events);
            } else {
                alarms.clear("station.eta", now, events);
            }
        }
        arrivals.addAll(forecast.arrivalTimes(forecastFrom, horizonEnd, safetyBeyond(now, forecastFrom),
                config.arrivalRateMargin(), config.safetyBandArrivals()));
        List<ChargePlanner.Need> needs = needs(slots, maxKw, arrivals, snapshot.trucksWaiting(), now, horizonEnd);
        double[] slotKw = new double[slots.size()];
        double budget = 0;
        if (!needs.isEmpty()) {
            ChargePlanner.Plan plan = chooseBudget(planner, needs, effectiveCapKw, now);
            budget = plan.budgetKw();
            for (int k = 0; k < needs.size(); k++) {
                int key = needs.get(k).key();
                if (key >= 0) {
                    slotKw[key] += plan.firstStepKw()[k];
                }
            }
        }
        List<ChargerSetpoint> setpoints = capped(slots, slotKw, maxKw, effectiveCapKw);

        Instant soon = now.plus(READY_TARGET_WINDOW);
        int readyTarget = (int) arrivals.stream().filter(t -> t.isBefore(soon)).count();
        var status = new StationCommand.CycleStatus(effectiveCapKw, budget, demand.monthPeakKw(), ready,
                readyTarget, planner.firstStepPrice(), forecast.ratePerHour(now),
                announced.map(a -> announced(a, now)));
        return new StationCommand(setpoints, events, status);
    }

    /** What the feed announces for the next hour, as planned for now: none from a feed not trusted. */
    private static StationCommand.Announced announced(AnnouncedArrivals a, Instant now) {
        Instant complete = a.completeUntil(now);
        Instant hour = now.plus(Duration.ofHours(1));
        int nextHour = a.between(now, complete.isBefore(hour) ? complete : hour).size();
        return new StationCommand.Announced(nextHour, complete.isAfter(now) ? Optional.of(complete) : Optional.empty(),
                a.problem(now));
    }

    /**
     * The safety lead for forecast trucks after {@code from}. Trucks announced that far ahead leave time to charge a
     * pack for the unannounced ones after them once they too are announced, so the lead shrinks with the notice.
     */
    private double safetyBeyond(Instant now, Instant from) {
        double noticeMinutes = Duration.between(now, from).toSeconds() / 60.0;
        double scale = Math.max(0, 1 - noticeMinutes / fullNoticeMinutes());
        return config.arrivalSafety() * scale;
    }

    /**
     * Notice after which no safety lead is needed: charging a returned pack at full power, plus the deadline margin
     * (about 55 minutes for the defaults; trucks announced this far ahead waited no longer than naive's in the
     * benchmark, shorter notice a little longer, see docs/benchmarks.md).
     */
    private double fullNoticeMinutes() {
        double returnSoc = forecast.expectedReturnSoc();
        double chargeMinutes = 60 * limits.gridKwhToTarget(returnSoc) / limits.maxGridKw(returnSoc);
        return chargeMinutes + config.deadlineMargin().toSeconds() / 60.0;
    }

    /** Energy needs in hand-out order: ready packs first, then packs closest to ready, then forecast trucks' packs. */
    private List<ChargePlanner.Need> needs(List<SlotState> slots, double[] maxKw, List<Instant> arrivals,
                                           int waiting, Instant now, Instant horizonEnd) {
        List<ChargePlanner.Need> needs = new ArrayList<>();
        List<Integer> charging = new ArrayList<>();
        int position = 0;
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).pack().isEmpty()) {
                continue;
            }
            if (maxKw[i] > 0) {
                charging.add(i);
            } else if (config.isReady(slots.get(i).pack().get().soc())) {
                position++; // ready and full (or not chargeable): serves a truck as it is
            }
        }
        // hand-out order is fullest first, so the fullest chargeable pack serves the earliest truck not yet covered
        charging.sort(Comparator.comparingDouble((Integer i) -> slots.get(i).pack().get().soc()).reversed());
        for (int i : charging) {
            double soc = slots.get(i).pack().get().soc();
            boolean hard = position < waiting;
            needs.add(new ChargePlanner.Need(i, now, deadline(arrivals, position++, now, horizonEnd),
                    limits.gridKwhToTarget(soc), maxKw[i], hard));
        }
        double returnKwh = limits.gridKwhToTarget(forecast.expectedReturnSoc());
        double nominalKw = limits.maxGridKw(forecast.expectedReturnSoc());
        for (Instant arrival : arrivals) {
            Instant release = arrival.plus(config.swapDuration());
            if (!release.isBefore(horizonEnd)) {
                break;
            }
            needs.add(new ChargePlanner.Need(-1, release, deadline(arrivals, position++, now, horizonEnd),
                    returnKwh, nominalKw, false));
        }
        needs.sort(Comparator.comparing(ChargePlanner.Need::deadline));
        return needs;
    }

    private Instant deadline(List<Instant> arrivals, int position, Instant now, Instant horizonEnd) {
        if (position >= arrivals.size()) {
            return horizonEnd;
        }
        Instant d = arrivals.get(position).minus(config.deadlineMargin());
        return d.isBefore(now) ? now : d;
    }

    /**
     * The power budget: the lowest level that keeps every pack as on time as the full cap would (waiting trucks and
     * forecast ones), raised further only when the energy saved over the rest of the month outweighs the demand
     * charge of a higher month peak.
     */
    private ChargePlanner.Plan chooseBudget(ChargePlanner planner, List<ChargePlanner.Need> needs, double capKw,
                                            Instant now) {
        ChargePlanner.Plan atCap = planner.plan(needs, capKw);
        double acceptable = shortfall(atCap) + SHORTFALL_TOLERANCE_KWH;
        double lo = 0;
        double hi = capKw;
        for (int i = 0; i < BUDGET_SEARCH_STEPS; i++) {
            double mid = (lo + hi) / 2;
            if (shortfall(planner.plan(needs, mid)) <= acceptable) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double monthPeak = demand.monthPeakKw();
        double floor = Math.max(hi, Math.min(monthPeak, capKw));
        double daysLeft = Math.max(1.0, daysLeftInMonth(now));
        double rate = config.tariff().demandChargePerKwMonth();
        ChargePlanner.Plan chosen = atCap;
        double chosenObjective = Double.POSITIVE_INFINITY;
        for (int c = 0; c <= BUDGET_CANDIDATES; c++) {
            double b = floor + (capKw - floor) * c / BUDGET_CANDIDATES;
            ChargePlanner.Plan p = planner.plan(needs, b);
            if (shortfall(p) > acceptable) {
                continue;
            }
            double objective = p.energyCost() * daysLeft + rate * Math.max(0, b - monthPeak);
            if (objective < chosenObjective - 1e-6) {
                chosen = p;
                chosenObjective = objective;
            }
        }
        return chosen;
    }

    private static double shortfall(ChargePlanner.Plan plan) {
        return plan.hardShortfallKwh() + plan.softShortfallKwh();
    }

    private double daysLeftInMonth(Instant now) {
        ZonedDateTime local = now.atZone(config.tariff().zone());
        ZonedDateTime monthEnd = local.withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay(local.getZone());
        return Duration.between(local, monthEnd).toMinutes() / 1440.0;
    }

    private double allowedKw(SlotState slot, Instant now, List<StationEvent> events) {
        if (slot.charger() == ChargerStatus.UNKNOWN) {
            return 0; // not seen this cycle: a hot pack's alarm must not clear because the PLC went quiet
        }
        String chargerCode = "station.charger." + slot.slot() + ".fault";
        String hotCode = "station.pack." + slot.slot() + ".hot";
        String sensorCode = "station.pack." + slot.slot() + ".temperature";
        if (slot.charger() == ChargerStatus.OK) {
            alarms.clear(chargerCode, now, events);
        } else {
            alarms.raise(chargerCode, Alarm.Severity.WARNING, "charger in slot " + slot.slot() + " reports "
                    + slot.charger() + ": it gets no power and its pack is not charged; check the charger",
                    now, events);
        }
        if (slot.pack().isEmpty()) {
            alarms.clear(hotCode, now, events);
            alarms.clear(sensorCode, now, events);
            return 0;
        }
        PackState pack = slot.pack().get();
        boolean stopped = switch (pack.temperature()) {
            case TemperatureReading.Invalid invalid -> {
                alarms.raise(sensorCode, Alarm.Severity.WARNING, "pack " + pack.packId() + " in slot " + slot.slot()
                        + ": temperature unknown (" + invalid.fault() + ", " + invalid.detail()
                        + "); not charged until its BMS reports a valid temperature", now, events);
                yield true;
            }
            case TemperatureReading.Valid valid -> {
                alarms.clear(sensorCode, now, events);
                double c = valid.celsius();
                if (c >= config.stopCelsius()) {
                    alarms.raise(hotCode, Alarm.Severity.CRITICAL, String.format(
                            "pack %s in slot %d at %.1f °C (stop at %.1f °C): charging stopped until it cools to "
                                    + "%.1f °C; check the pack and the slot's cooling", pack.packId(), slot.slot(), c,
                            config.stopCelsius(), config.resumeCelsius()), now, events);
                } else if (c <= config.resumeCelsius()) {
                    alarms.clear(hotCode, now, events);
                }
                yield alarms.isActive(hotCode);
            }
        };
        if (stopped || slot.charger() != ChargerStatus.OK) {
            return 0;
        }
        return limits.maxGridKw(pack);
    }

    /** Final guard: every setpoint within its pack's limit, and the sum within the cap, whatever the plan said. */
    private List<ChargerSetpoint> capped(List<SlotState> slots, double[] slotKw, double[] maxKw, double capKw) {
        double total = 0;
        for (int i = 0; i < slotKw.length; i++) {
            slotKw[i] = Math.max(0, Math.min(slotKw[i], maxKw[i]));
            total += slotKw[i];
        }
        double scale = total > capKw ? capKw / total : 1.0;
        List<ChargerSetpoint> setpoints = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            // rounding down to whole watts keeps the sum under the cap after scaling
            double kw = Math.floor(slotKw[i] * scale * 1000) / 1000;
            setpoints.add(new ChargerSetpoint(slots.get(i).slot(), Math.max(0, kw)));
        }
        return setpoints;
    }

    private void trackStays(StationSnapshot snapshot) {
        for (SlotState slot : snapshot.slots()) {
            if (slot.charger() == ChargerStatus.UNKNOWN) {
                continue; // not seen this cycle: the pack has not left
            }
            Stay stay = stays.get(slot.slot());
            String packId = slot.pack().map(PackState::packId).orElse("");
            if (stay != null && !stay.packId().equals(packId)) {
                if (stay.seenFromStart()) {
                    chargedByDepartedPack.put(stay.packId(), stay.lastDcKwh() - stay.dcAtStartKwh());
                }
                stays.remove(slot.slot());
                stay = null;
            }
            if (!packId.isEmpty()) {
                stays.put(slot.slot(), stay == null
                        ? new Stay(packId, slot.dcMeterKwh(), slot.dcMeterKwh(), !firstCycle)
                        : new Stay(packId, stay.dcAtStartKwh(), slot.dcMeterKwh(), stay.seenFromStart()));
            }
        }
    }

    private void bookSwaps(StationSnapshot snapshot, List<StationEvent> events) {
        for (SwapObservation s : snapshot.completedSwaps()) {
            Double charged = chargedByDepartedPack.remove(s.packOutId());
            OptionalDouble chargedDc = charged == null ? OptionalDouble.empty() : OptionalDouble.of(charged);
            double toTruck = (s.socOut() - s.socIn()) * config.packCapacityKwh();
            events.add(new StationEvent.SwapRecorded(new SwapRecord(s.truckId(), s.slot(), s.packOutId(),
                    s.packInId(), s.socOut(), s.socIn(), toTruck, chargedDc, s.arrivedAt(), s.startedAt(),
                    s.completedAt())));
            forecast.observe(s.arrivedAt(), s.socIn());
            announced.ifPresent(a -> a.arrived(s.truckId(), s.arrivedAt()));
        }
    }

    private void trackDemand(StationSnapshot snapshot, Instant now, List<StationEvent> events) {
        switch (snapshot.gridMeter()) {
            case MeterReading.Ok ok -> {
                alarms.clear("station.meter.grid", now, events);
                demand.onReading(now, ok.importKwh()).ifPresent(peak ->
                        events.add(new StationEvent.MonthPeakRaised(demand.month(), peak, now)));
            }
            case MeterReading.Failed failed -> {
                demand.onMissingReading();
                alarms.raise("station.meter.grid", Alarm.Severity.WARNING, "station revenue meter " + failed.meterId()
                        + " not read: " + failed.reason() + "; peak demand not tracked meanwhile", now, events);
            }
        }
    }
}
