package io.edgetally.sim.barn;

/** What heats the barn: resistive stages or one heat-pump compressor. */
public sealed interface HeatingPlant {

    /** Electric power drawn by the plant with {@code stagesOn} stages (or the compressor) energised, W. */
    double electricWatts(int stagesOn, double barnCelsius, double ambientCelsius);

    /** How many heater relays the plant has (resistive stages, or 1 for the compressor). */
    int stageCount();

    /**
     * Resistive elements in the heating room, all their electric power becomes heat (COP 1).
     *
     * @param stages        number of separately switched stages
     * @param wattsPerStage electric (= thermal) power of one stage
     */
    record Resistive(int stages, double wattsPerStage) implements HeatingPlant {

        public Resistive {
            if (stages < 1 || stages > 12) {
                throw new IllegalArgumentException("resistive plant: stages must be 1..12, was " + stages);
            }
            if (!(wattsPerStage > 0.0 && wattsPerStage <= 100_000.0)) {
                throw new IllegalArgumentException("resistive plant: wattsPerStage must be in (0, 100000], was "
                        + wattsPerStage);
            }
        }

        /** 3 × 18 kW: 54 kW installed, the middle of the 40–60 kW range for a 4,000 kg barn. */
        public static Resistive defaults() {
            return new Resistive(3, 18_000.0);
        }

        @Override
        public double electricWatts(int stagesOn, double barnCelsius, double ambientCelsius) {
            return Math.min(stagesOn, stages) * wattsPerStage;
        }

        @Override
        public int stageCount() {
            return stages;
        }
    }

    /**
     * An air-source heat pump with one compressor. In heating mode its evaporator takes heat from outside air;
     * in dehumidify mode the evaporator sits in the barn's return air, condenses leaf water and hands that heat
     * back through the condenser, so the barn loses no air to ventilation.
     *
     * @param compressorWatts    electric power of the running compressor (plus its outdoor fan)
     * @param ratedCop           heating COP at the rating point: barn 45 °C, outside 27 °C
     * @param copLossPerKelvin   COP lost per kelvin of barn temperature above 45 °C (more lift)
     * @param copGainPerKelvin   COP gained per kelvin of outside air above 27 °C
     * @param dehumidifyCop      condenser heat per electric watt in dehumidify mode (small lift: warm evaporator)
     * @param coilCelsius        evaporator surface temperature in dehumidify mode (the apparatus dew point)
     */
    record HeatPump(double compressorWatts, double ratedCop, double copLossPerKelvin, double copGainPerKelvin,
                    double dehumidifyCop, double coilCelsius) implements HeatingPlant {

        public HeatPump {
            if (!(compressorWatts > 0.0 && compressorWatts <= 100_000.0)) {
                throw new IllegalArgumentException("heat pump: compressorWatts must be in (0, 100000], was "
                        + compressorWatts);
            }
            if (!(ratedCop >= 1.0 && ratedCop <= 8.0) || !(dehumidifyCop >= 1.0 && dehumidifyCop <= 8.0)) {
                throw new IllegalArgumentException("heat pump: ratedCop and dehumidifyCop must be in [1, 8], were "
                        + ratedCop + " and " + dehumidifyCop);
            }
            if (!(copLossPerKelvin >= 0.0 && copGainPerKelvin >= 0.0)) {
                throw new IllegalArgumentException("heat pump: COP sensitivities must be >= 0");
            }
        }

        /** 16 kW compressor, COP 3.25 at the rating point (TCSAE), falling to about 2.9 at 68 °C. */
        public static HeatPump defaults() {
            return new HeatPump(16_000.0, 3.25, 0.015, 0.04, 3.8, 22.0);
        }

        /** Heating COP at this barn and outside temperature, kept within [1.5, 5]. */
        public double heatingCop(double barnCelsius, double ambientCelsius) {
            double cop = ratedCop - copLossPerKelvin * (barnCelsius - 45.0) + copGainPerKelvin * (ambientCelsius - 27.0);
            return Math.max(1.5, Math.min(5.0, cop));
        }

        @Override
        public double electricWatts(int stagesOn, double barnCelsius, double ambientCelsius) {
            return stagesOn > 0 ? compressorWatts : 0.0;
        }

        @Override
        public int stageCount() {
            return 1;
        }
    }
}
