package io.edgetally.barn.curing;

import io.edgetally.io.TemperatureReading;
import java.time.Instant;
import java.util.Random;

/**
 * A small lumped barn for controller tests (not the simulator): one thermal mass losing heat through the walls,
 * the vented air and the evaporation of a constant leaf-water flow; one air humidity ratio fed by that flow and
 * vented by the damper; probes with first-order lags and a little noise.
 */
final class TestBarn {

    static final double PRESSURE_KPA = 101.325;

    double capacityJPerK = 15e6;
    double wallUaWPerK = 250;
    double ambientCelsius = 27;
    double ambientHumidity = 0.018;
    double kwPerStage = 18;
    double heatPumpKw = 40;
    boolean heatPump;
    double leakKgPerH = 150;
    double maxVentKgPerH = 3000;
    double evaporationKgPerH = 25;
    double airMassKg = 100;
    double dryLagS = 45;
    double wetLagS = 180;
    /** test hook: the heater does nothing (a tripped breaker) */
    boolean heaterDead;

    double airCelsius = 27;
    double humidity = 0.018;
    double dryProbe = 27;
    double wetProbe;
    private final Random noise = new Random(42);

    TestBarn() {
        wetProbe = wetBulb(airCelsius, humidity);
    }

    void advance(BarnOutputs out, double seconds) {
        for (double done = 0; done < seconds; done += 5) {
            double dt = Math.min(5, seconds - done);
            double heatW = heaterDead ? 0
                    : heatPump ? out.heaterStagesOn() * heatPumpKw * 1000 : out.heaterStagesOn() * kwPerStage * 1000;
            double ventKgS = (leakKgPerH + out.damperOpenFraction() * maxVentKgPerH) / 3600.0;
            double dehumidKgS = out.dehumidifierOn() ? 10 / 3600.0 : 0;
            // the leaf dries once warmed above ambient; a cold barn does not evaporate 25 kg/h
            double evapKgS = evaporationKgPerH / 3600.0
                    * Math.max(0, Math.min(1, (airCelsius - ambientCelsius) / 6));
            double lossW = wallUaWPerK * (airCelsius - ambientCelsius)
                    + ventKgS * 1006 * (airCelsius - ambientCelsius) + evapKgS * 2.4e6;
            airCelsius += (heatW - lossW) * dt / capacityJPerK;
            humidity += (evapKgS - dehumidKgS - ventKgS * (humidity - ambientHumidity)) * dt / airMassKg;
            humidity = Math.max(0.001, humidity);
            dryProbe += (airCelsius - dryProbe) * dt / dryLagS;
            wetProbe += (wetBulb(airCelsius, humidity) - wetProbe) * dt / wetLagS;
        }
    }

    BarnInputs inputs(Instant at) {
        return new BarnInputs(at, new TemperatureReading.Valid(dryProbe + jitter()),
                new TemperatureReading.Valid(wetProbe + jitter()), true, false);
    }

    private double jitter() {
        return (noise.nextDouble() - 0.5) * 0.06;
    }

    /** Thermodynamic wet bulb (ASHRAE psychrometric equation) by bisection. */
    static double wetBulb(double dryCelsius, double humidityRatio) {
        double lo = -10;
        double hi = dryCelsius;
        for (int i = 0; i < 30; i++) {
            double mid = (lo + hi) / 2;
            double ws = 0.621945 * pSat(mid) / (PRESSURE_KPA - pSat(mid));
            double w = ((2501 - 2.326 * mid) * ws - 1.006 * (dryCelsius - mid))
                    / (2501 + 1.86 * dryCelsius - 4.186 * mid);
            if (w > humidityRatio) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Saturation pressure over water, kPa (Magnus form). */
    static double pSat(double celsius) {
        return 0.61094 * Math.exp(17.625 * celsius / (celsius + 243.04));
    }
}
