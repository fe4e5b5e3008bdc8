package io.edgetally.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {

    private static final String YAML = """
            site: jiange-07
            barn:
              heater:
                stages: 3
                stage-kw: 18.5
              period: 15s
              fan: high
            probes:
              - id: 28-0000000001
              - id: 28-0000000002
            """;

    enum Fan { LOW, HIGH }

    @Test
    void readsTypedValues() {
        ConfigNode root = ConfigNode.parse("edgetally.yaml", YAML);
        ConfigNode barn = root.section("barn");
        assertThat(root.string("site")).isEqualTo("jiange-07");
        assertThat(barn.section("heater").integer("stages", 1, 6)).isEqualTo(3);
        assertThat(barn.section("heater").number("stage-kw", 1, 100)).isEqualTo(18.5);
        assertThat(barn.duration("period")).isEqualTo(Duration.ofSeconds(15));
        assertThat(barn.enumValue("fan", Fan.class)).isEqualTo(Fan.HIGH);
        assertThat(root.sections("probes")).extracting(p -> p.string("id"))
                .containsExactly("28-0000000001", "28-0000000002");
        assertThat(barn.duration("missing", Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void errorsNameFileLineKeyAndExpectation() {
        ConfigNode heater = ConfigNode.parse("edgetally.yaml", YAML).section("barn").section("heater");
        assertThatThrownBy(() -> heater.integer("stages", 4, 6))
                .isInstanceOf(ConfigException.class)
                .hasMessage("edgetally.yaml line 4: 'barn.heater.stages' must be a whole number from 4 to 6, found '3'");
        assertThatThrownBy(() -> heater.string("kind"))
                .hasMessage("edgetally.yaml line 4: missing key 'barn.heater.kind'");
        assertThatThrownBy(() -> heater.allowOnly("stages"))
                .hasMessageContaining("line 5: unknown key 'barn.heater.stage-kw'");
        ConfigNode barn = ConfigNode.parse("edgetally.yaml", YAML).section("barn");
        assertThatThrownBy(() -> barn.enumValue("fan", Thread.State.class)).hasMessageContaining("one of [new,");
    }

    @Test
    void badYamlAndBadDurationsAreExplained() {
        assertThatThrownBy(() -> ConfigNode.parse("x.yaml", "a: [1, 2\nb: 3\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x.yaml line").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ConfigNode.parse("x.yaml", "period: soon\n").duration("period"))
                .hasMessage("x.yaml line 1: 'period' must be a duration such as 30s, 15m, 2h or 7d, found 'soon'");
        assertThatThrownBy(() -> ConfigNode.parse("x.yaml", "a: 1\na: 2\n")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> ConfigNode.parse("x.yaml", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ConfigNode.parse("x.yaml", "- 1\n- 2\n")).hasMessageContaining("must be a mapping");
    }
}
