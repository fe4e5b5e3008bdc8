package io.edgetally.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CureAnalysisTest {

    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    /** Two hours of yellowing ramp, two hours of yellowing hold (0.5 °C high), one hour of fixing hold. */
    private static List<CureAnalysis.Sample> samples() {
        List<CureAnalysis.Sample> s = new ArrayList<>();
        double kwh = 100;
        for (int minute = 0; minute <= 300; minute++) {
            int step = minute < 240 ? 1 : 4;
            String phase = minute < 120 ? "RAMP" : "HOLD";
            double target = minute < 120 ? 30 + minute / 60.0 : (step == 1 ? 32 : 45);
            double dry = minute < 120 ? target - 3 : target + 0.5;
            double wet = phase.equals("HOLD") ? 34 - 1.0 : 30;
            s.add(new CureAnalysis.Sample(T0.plusSeconds(60L * minute), step, phase, dry, wet, target, 34, 2, 0.25,
                    kwh));
            kwh += step == 1 ? 0.5 : 1.0;
        }
        return s;
    }

    @Test
    void totalsPerStageAndTrackingOnlyOutsideRamps() {
        CureAnalysis.Result r = CureAnalysis.analyse(samples(), step -> step < 4 ? "yellowing" : "colour-fixing");
        assertThat(r.hours()).isCloseTo(5.0, within(1e-9));
        assertThat(r.energyKwh()).isCloseTo(240 * 0.5 + 60 * 1.0, within(1e-9));
        assertThat(r.stages()).extracting(CureAnalysis.StageTotals::stage).containsExactly("yellowing", "colour-fixing");
        assertThat(r.stages().get(0).hours()).isCloseTo(4.0, within(1e-9));
        assertThat(r.stages().get(0).energyKwh()).isCloseTo(120, within(1e-9));
        // the 3 °C lag during the ramp does not count; the 0.5 °C offset in the holds does
        assertThat(r.dryRmsC()).isCloseTo(0.5, within(1e-9));
        assertThat(r.wetRmsC()).isCloseTo(1.0, within(1e-9));
        assertThat(r.maxDryC()).isCloseTo(45.5, within(1e-9));
    }

    @Test
    void faultedProbesAreLeftOutNotCountedAsZero() {
        List<CureAnalysis.Sample> s = new ArrayList<>(samples());
        CureAnalysis.Sample x = s.get(200);
        s.set(200, new CureAnalysis.Sample(x.at(), x.stepIndex(), x.phase(), Double.NaN, x.wetC(), x.dryTargetC(),
                x.wetTargetC(), x.heaterStages(), x.damper(), x.importKwh()));
        assertThat(CureAnalysis.analyse(s, step -> "any").dryRmsC()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void plotIsWellFormedSvgWithStageBandsAndBothBulbs() throws Exception {
        List<CureAnalysis.Sample> s = samples();
        String svg = CuringCurveSvg.render("barn 7 — middle leaves", CureAnalysis.curve(s, 3, 100),
                CureAnalysis.bands(s, step -> step < 4 ? "yellowing" : "colour fixing"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("yellowing", "colour fixing", "dry-bulb target", "wet bulb", "damper opening");
        assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(6);
        assertThat(CureAnalysis.bands(s, step -> step < 4 ? "yellowing" : "colour fixing"))
                .extracting(CuringCurveSvg.Band::endHours).containsExactly(4.0, 5.0);
    }
}
