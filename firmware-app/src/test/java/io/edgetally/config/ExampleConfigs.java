package io.edgetally.config;

/** Site configs as an installer writes them, for the tests of every package that reads one. */
public final class ExampleConfigs {

    private ExampleConfigs() {}

    /** A barn on GPIO relays, 1-Wire probes and a Modbus TCP meter, publishing over TLS. */
    public static final String BARN = """
            site: jiange-07
            device: barn-07
            kind: curing-barn
            data-dir: /var/lib/edgetally
            cycle: 15s
            barn:
              schedule: middle-leaf
              heating: resistive
              heater-stage-kw: 18
            io:
              gpio:
                provider: gpiod
                relays:
                  heater-1: {pin: 5, active-low: true}
                  heater-2: {pin: 6, active-low: true}
                  fan-run: {pin: 13}
                inputs:
                  airflow: {pin: 17, active-low: true}
              onewire:
                base-path: /sys/bus/w1/devices
                dry-bulb: 28-0316a2790dff
                wet-bulb: 28-0316a2791aaa
              meter:
                model: sdm630
                tcp: 192.168.1.50:502
                unit: 1
                max-power-kw: 80
            ledger:
              methodology: sichuan-2023-thermal
              sensitivity: curing-net
              interval: 15m
            uplink:
              broker: ssl://registry.example:8883
              ca: /etc/edgetally/ca.pem
              cert: /etc/edgetally/device.pem
              key: /etc/edgetally/device.key
            """;
}
