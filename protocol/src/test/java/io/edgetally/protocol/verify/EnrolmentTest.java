package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.protocol.verify.Enrolment.MethodologyKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Enrolment fixes what a site books: a report with another methodology, sensitivity, grid region or year, or kind
 * is refused even when every number in it recomputes.
 */
class EnrolmentTest {

    private final ReportChains chains = new ReportChains(); // books sichuan-2023-thermal/1 + curing-net/1, CN-SC 2022
    private final byte[] first = TallyReportCodec.toBytes(chains.reports(1).getFirst());

    private List<Problem> problems(Enrolment terms) {
        EnrolledDevice d = EnrolledDevice.of(ReportChains.SITE, ReportChains.DEVICE,
                Ed25519Keys.toBase64(chains.keys.getPublic()), terms);
        return new ReportChecker(List.of(d), chains.registry).check(first).problems();
    }

    private static Enrolment terms(String methodology, Optional<String> sensitivity, String region, int year) {
        return new Enrolment(SiteKind.CURING_BARN, MethodologyKey.parse(methodology),
                sensitivity.map(MethodologyKey::parse), region, year);
    }

    @Test
    void aReportBookedAsEnrolledPasses() {
        assertThat(problems(terms("sichuan-2023-thermal/1", Optional.of("curing-net/1"), "CN-SC", 2022))).isEmpty();
    }

    @Test
    void anotherMethodologyIsRefusedNamingBoth() {
        List<Problem> p = problems(terms("curing-net/1", Optional.of("curing-net/1"), "CN-SC", 2022));
        assertThat(p).extracting(Problem::describe).containsExactly(
                "ENROLMENT methodology.id: expected curing-net/1 (enrolled), found sichuan-2023-thermal/1");
    }

    @Test
    void anotherGridFactorIsRefused() {
        List<Problem> p = problems(terms("sichuan-2023-thermal/1", Optional.of("curing-net/1"), "CN", 2023));
        assertThat(p).extracting(Problem::describe).containsExactly(
                "ENROLMENT emissions.grid: expected CN/2023 (enrolled), found CN-SC/2022",
                "ENROLMENT sensitivity.emissions.grid: expected CN/2023 (enrolled), found CN-SC/2022");
    }

    @Test
    void aSensitivityTheSiteWasNotEnrolledWithIsRefused() {
        List<Problem> p = problems(terms("sichuan-2023-thermal/1", Optional.empty(), "CN-SC", 2022));
        assertThat(p).extracting(Problem::describe).containsExactly(
                "ENROLMENT sensitivity: expected null (enrolled without a sensitivity), found curing-net/1");
    }

    @Test
    void anotherKindIsRefused() {
        Enrolment station = new Enrolment(SiteKind.SWAP_STATION, MethodologyKey.parse("sichuan-2023-thermal/1"),
                Optional.of(MethodologyKey.parse("curing-net/1")), "CN-SC", 2022);
        assertThat(problems(station)).extracting(Problem::describe).containsExactly(
                "ENROLMENT kind: expected swap-station (enrolled), found curing-barn");
    }

    @Test
    void methodologyKeysParseAndNameTheirForm() {
        assertThat(MethodologyKey.parse("swap-diesel/1")).isEqualTo(new MethodologyKey("swap-diesel", "1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MethodologyKey.parse("swap-diesel"))
                .hasMessageContaining("ID/VERSION");
    }
}
