package io.edgetally.barn.curing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleLoaderTest {

    private final ScheduleLoader loader = new ScheduleLoader();

    @Test
    void middleLeafBuiltInIsTheCalibratedSchedule() {
        CuringSchedule s = loader.builtIn("middle-leaf");
        assertThat(s.id()).isEqualTo("middle-leaf");
        assertThat(s.steps()).hasSize(8);
        CuringStep load = s.step(0);
        assertThat(load.name()).isEqualTo("load");
        assertThat(load.targets()).isEmpty();
        assertThat(load.fan()).isEqualTo(FanSpeed.HIGH);
        assertThat(load.hold()).isEqualTo(Duration.ofHours(3));
        assertThat(load.exit()).isEqualTo(ExitRule.TIME);
        // name, dry, wet, ramp, hold h, exit
        Object[][] expected = {
            {"warm-up", 35.0, 34.0, 1.0, 8, ExitRule.OPERATOR, Stage.YELLOWING},
            {"main yellowing", 38.0, 35.5, 0.5, 22, ExitRule.TIME, Stage.YELLOWING},
            {"late yellowing", 42.0, 36.5, 0.5, 8, ExitRule.TIME, Stage.YELLOWING},
            {"early fixing", 47.0, 37.5, 0.4, 14, ExitRule.OPERATOR, Stage.COLOUR_FIXING},
            {"late fixing", 54.0, 38.0, 0.7, 12, ExitRule.TIME, Stage.COLOUR_FIXING},
            {"stem-drying ramp", 60.0, 39.5, 1.0, 0, ExitRule.TIME, Stage.STEM_DRYING},
            {"stem drying", 68.0, 42.0, 1.0, 14, ExitRule.OPERATOR, Stage.STEM_DRYING},
        };
        for (int i = 0; i < expected.length; i++) {
            CuringStep step = s.step(i + 1);
            Object[] e = expected[i];
            assertThat(step.name()).isEqualTo(e[0]);
            assertThat(step.targets()).contains(new BulbTargets((double) e[1], (double) e[2]));
            assertThat(step.rampCelsiusPerHour()).isEqualTo((double) e[3]);
            assertThat(step.hold()).isEqualTo(Duration.ofHours((int) e[4]));
            assertThat(step.exit()).isEqualTo(e[5]);
            assertThat(step.stage()).isEqualTo(e[6]);
        }
        assertThat(s.step(4).prompt()).contains("veins yellow");
    }

    @Test
    void lowerLeavesYellowShorterAndUpperLeavesLonger() {
        assertThat(loader.builtIn("lower-leaf").step(2).hold()).isEqualTo(Duration.ofHours(14));
        assertThat(loader.builtIn("upper-leaf").step(2).hold()).isEqualTo(Duration.ofHours(28));
        assertThat(ScheduleLoader.builtInIds()).allSatisfy(id -> assertThat(loader.builtIn(id).id()).isEqualTo(id));
    }

    @Test
    void theFiftyDegreeCapLiftsOnlyAfterTheConfirmedEarlyFixingStep() {
        CuringSchedule s = loader.builtIn("middle-leaf");
        assertThat(s.dryBulbCapCelsius(4)).hasValue(50.0);
        assertThat(s.dryBulbCapCelsius(5)).isEmpty();
    }

    @Test
    void aUserFileIsReadFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-middle.yaml");
        Files.writeString(file, middle().replace("id: middle-leaf", "id: my-middle"));
        assertThat(loader.load(file).id()).isEqualTo("my-middle");
        assertThat(loader.load(file).source()).isEqualTo(file.toString());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(ScheduleException.class).hasMessageContaining("nope.yaml");
    }

    @Test
    void wetBulbAboveDryBulb() {
        expectError(edit("wet-bulb-c: 35.5", "wet-bulb-c: 39"), "wet-bulb-c: 39",
                "step 2 'main yellowing'", "key 'wet-bulb-c'", "below the dry bulb");
    }

    @Test
    void wetBulbAbove43() {
        expectError(edit("wet-bulb-c: 42", "wet-bulb-c: 44"), "wet-bulb-c: 44",
                "step 7 'stem drying'", "key 'wet-bulb-c'", "at most 43");
    }

    @Test
    void dryBulbAboveTheConfiguredMaximum() {
        String yaml = edit("dry-bulb-c: 68", "dry-bulb-c: 72");
        expectError(yaml, "dry-bulb-c: 72", "step 7 'stem drying'", "key 'dry-bulb-c'", "configured maximum 68");
        assertThat(new ScheduleLoader(75).parse(yaml, "site.yaml").step(7).targets().get().dryBulbCelsius())
                .isEqualTo(72.0);
        assertThatThrownBy(() -> new ScheduleLoader(80)).hasMessageContaining("at most 75");
    }

    @Test
    void rampMustBePositive() {
        expectError(edit("ramp-c-per-h: 0.4", "ramp-c-per-h: 0"), "ramp-c-per-h: 0\n",
                "step 4 'early fixing'", "key 'ramp-c-per-h'", "above 0");
    }

    @Test
    void holdMustNotBeNegative() {
        expectError(edit("hold-h: 22", "hold-h: -2"), "hold-h: -2",
                "step 2 'main yellowing'", "key 'hold-h'", "0 or more hours");
    }

    @Test
    void unknownKey() {
        expectError(edit("    hold-h: 22", "    hold-h: 22\n    humidity: 80"), "humidity: 80",
                "step 2 'main yellowing'", "unknown key 'humidity'", "expected one of");
    }

    @Test
    void missingKey() {
        String yaml = edit("    ramp-c-per-h: 0.5\n    hold-h: 22\n", "    hold-h: 22\n");
        expectError(yaml, "- step: main yellowing", "step 2 'main yellowing'", "missing key 'ramp-c-per-h'");
    }

    @Test
    void aboveFiftyBeforeColourFixing() {
        expectError(edit("dry-bulb-c: 42", "dry-bulb-c: 52"), "- step: late yellowing",
                "step 3 'late yellowing'", "key 'dry-bulb-c'", "at most 50 °C before the colour-fixing stage");
    }

    @Test
    void aboveFiftyNeedsTheVeinsConfirmedFirst() {
        String yaml = edit("    exit: operator\n    prompt: veins yellow", "    exit: time\n    prompt: veins yellow");
        expectError(yaml, "- step: late fixing", "step 5 'late fixing'", "exit: operator");
    }

    @Test
    void notANumber() {
        expectError(edit("dry-bulb-c: 38", "dry-bulb-c: warm"), "dry-bulb-c: warm",
                "step 2 'main yellowing'", "'warm' is not a number", "°C");
    }

    @Test
    void unknownStageNamesTheChoices() {
        expectError(edit("stage: colour-fixing", "stage: fixing"), "stage: fixing",
                "step 4 'early fixing'", "key 'stage'", "[yellowing, colour-fixing, stem-drying]");
    }

    @Test
    void stagesRunInOrder() {
        String yaml = edit("    stage: colour-fixing\n    dry-bulb-c: 54", "    stage: yellowing\n    dry-bulb-c: 54");
        expectError(yaml, "- step: late fixing", "step 5 'late fixing'", "expected stages in order");
    }

    @Test
    void aStepWithoutTargetIsTimeBased() {
        String yaml = edit("    hold-h: 3\n    exit: time", "    hold-h: 3\n    exit: operator");
        expectError(yaml, "    exit: operator\n    prompt: leaf loaded", "step 0 'load'", "key 'exit'", "'time'");
    }

    @Test
    void aKeyTwiceOrAStepThatIsNoMappingIsNamedWithItsLine() {
        expectError(edit("    hold-h: 22", "    hold-h: 22\n    hold-h: 23"), "hold-h: 23", "hold-h", "appears twice");
        expectError(edit("  - step: load", "  - just a word\n  - step: load"), "just a word",
                "step 0: expected a mapping of keys");
    }

    @Test
    void brokenYamlNamesTheLine() {
        String yaml = edit("    hold-h: 22", "    hold-h: [22");
        assertThatThrownBy(() -> loader.parse(yaml, "broken.yaml")).isInstanceOf(ScheduleException.class)
                .hasMessageStartingWith("broken.yaml line ").hasMessageContaining("not valid YAML");
    }

    @Test
    void emptyFile() {
        assertThatThrownBy(() -> loader.parse("# nothing\n", "empty.yaml")).isInstanceOf(ScheduleException.class)
                .hasMessageContaining("empty.yaml").hasMessageContaining("empty");
    }

    /** Asserts the error names the file, the line where {@code lineText} starts, and each fragment. */
    private void expectError(String yaml, String lineText, String... fragments) {
        int line = lineOf(yaml, lineText);
        assertThatThrownBy(() -> loader.parse(yaml, "barn-7.yaml"))
                .isInstanceOf(ScheduleException.class)
                .hasMessageStartingWith("barn-7.yaml line " + line + ": ")
                .satisfies(e -> {
                    assertThat(((ScheduleException) e).line()).isEqualTo(line);
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    private static int lineOf(String yaml, String text) {
        int at = yaml.indexOf(text);
        assertThat(at).as("test setup: '%s' in the edited file", text).isNotNegative();
        int firstNonSpace = at;
        while (yaml.charAt(firstNonSpace) == ' ') {
            firstNonSpace++;
        }
        return (int) yaml.substring(0, firstNonSpace).chars().filter(c -> c == '\n').count() + 1;
    }

    private static String edit(String from, String to) {
        String m = middle();
        assertThat(m).as("test setup: built-in contains '%s'", from).contains(from);
        return m.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    private static String middle() {
        try (InputStream in = ScheduleLoaderTest.class.getResourceAsStream("/schedules/middle-leaf.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
