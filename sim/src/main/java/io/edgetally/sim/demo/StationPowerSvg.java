package io.edgetally.sim.demo;

import io.edgetally.station.StationSample;
import io.edgetally.station.control.TouTariff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One station day as an operator reads it: grid power (the chargers' setpoints) against the cap and the month's
 * peak, over the tariff's peak, flat and valley hours as coloured bands (price on the right axis); below, the ready
 * packs against the number the forecast wants ready. Plain SVG written by hand: it opens in any browser and prints.
 */
public final class StationPowerSvg {

    private static final int WIDTH = 1200;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 50;
    private static final int POWER_HEIGHT = 360;
    private static final int GAP = 40;
    private static final int READY_HEIGHT = 150;
    private static final int HEIGHT = TOP + POWER_HEIGHT + GAP + READY_HEIGHT + 60;

    private StationPowerSvg() {}

    /** @param samples one day's samples, oldest first; {@code dayStart} is that day's local midnight */
    public static String render(String title, Instant dayStart, List<StationSample> samples, TouTariff tariff,
                                int slots) {
        double maxKw = 100;
        for (StationSample s : samples) {
            maxKw = Math.max(maxKw, Math.max(s.capKw(), s.gridKw()));
        }
        maxKw = Math.ceil(maxKw * 1.1 / 200) * 200;
        double maxPrice = Math.max(tariff.peakPricePerKwh(), 0.1) * 1.2;
        int powerBottom = TOP + POWER_HEIGHT;
        int readyTop = powerBottom + GAP;
        int readyBottom = readyTop + READY_HEIGHT;
        StringBuilder svg = new StringBuilder(256 * 1024);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));

        // tariff bands, hour by hour, with the price as a step line on the right axis
        StringBuilder price = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            Instant at = dayStart.plus(Duration.ofHours(h));
            TouTariff.Band band = tariff.band(at);
            String colour = switch (band) {
                case PEAK -> "#ffd6d6";
                case FLAT -> "#f3f3f3";
                case VALLEY -> "#d8ecff";
            };
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x(h), TOP, x(h + 1) - x(h), readyBottom - TOP, colour));
            double py = y(tariff.pricePerKwh(band), maxPrice, TOP, powerBottom);
            price.append(String.format(Locale.ROOT, "%s%.1f,%.1f L%.1f,%.1f ", h == 0 ? "M" : "L", x(h), py,
                    x(h + 1), py));
        }
        grid(svg, maxKw, maxPrice, powerBottom, readyTop, readyBottom, slots);
        svg.append(path(price.toString(), "#b05050", 1.2, "4 3"));

        StringBuilder power = new StringBuilder();
        StringBuilder cap = new StringBuilder();
        StringBuilder peak = new StringBuilder();
        StringBuilder ready = new StringBuilder();
        StringBuilder target = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            StationSample s = samples.get(i);
            double h = Duration.between(dayStart, s.at()).toMillis() / 3_600_000.0;
            String op = i == 0 ? "M" : "L";
            power.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", op, x(h), y(s.gridKw(), maxKw, TOP, powerBottom)));
            cap.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", op, x(h), y(s.capKw(), maxKw, TOP, powerBottom)));
            peak.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", op, x(h),
                    y(s.monthPeakKw(), maxKw, TOP, powerBottom)));
            ready.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", op, x(h),
                    y(s.readyPacks(), slots, readyTop, readyBottom)));
            target.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", op, x(h),
                    y(s.readyTarget(), slots, readyTop, readyBottom)));
        }
        svg.append(path(cap.toString(), "#c00000", 2, "8 4"));
        svg.append(path(peak.toString(), "#8a5a00", 1.2, "2 3"));
        svg.append(path(power.toString(), "#1f4e9a", 1.4, ""));
        svg.append(path(target.toString(), "#c07000", 1.4, "6 3"));
        svg.append(path(ready.toString(), "#207a30", 1.6, ""));
        legend(svg, LEFT + 10, TOP + 16, new String[][] {
            {"#1f4e9a", "", "grid power (kW)"}, {"#c00000", "8 4", "cap (kW)"},
            {"#8a5a00", "2 3", "month peak so far (kW)"}, {"#b05050", "4 3", "energy price (CNY/kWh, right)"}});
        legend(svg, LEFT + 10, readyTop + 16, new String[][] {
            {"#207a30", "", "ready packs"}, {"#c07000", "6 3", "packs wanted ready (forecast, next 30 min)"}});
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" fill=\"#555\">valley (blue), flat (grey) and peak (red) tariff hours; "
                        + "local time</text>%n", LEFT, readyBottom + 44));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void grid(StringBuilder svg, double maxKw, double maxPrice, int powerBottom, int readyTop,
                             int readyBottom, int slots) {
        for (int h = 0; h <= 24; h += 3) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>%n", x(h), TOP, x(h), readyBottom));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%02d:00</text>%n",
                    x(h), readyBottom + 18, h));
        }
        double stepKw = maxKw / 4;
        for (int k = 0; k <= 4; k++) {
            double kw = k * stepKw;
            double py = y(kw, maxKw, TOP, powerBottom);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n",
                    LEFT - 6, py + 4, kw));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%.2f</text>%n", WIDTH - RIGHT + 6,
                    py + 4, k * maxPrice / 4));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
                + "text-anchor=\"middle\">kW</text>%n", TOP + POWER_HEIGHT / 2, TOP + POWER_HEIGHT / 2));
        for (int p = 0; p <= slots; p += Math.max(1, slots / 4)) {
            double py = y(p, slots, readyTop, readyBottom);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
                    LEFT - 6, py + 4, p));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
                + "text-anchor=\"middle\">packs</text>%n", readyTop + READY_HEIGHT / 2, readyTop + READY_HEIGHT / 2));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, TOP, WIDTH - LEFT - RIGHT, POWER_HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, readyTop, WIDTH - LEFT - RIGHT, READY_HEIGHT));
    }

    private static void legend(StringBuilder svg, int x0, int y0, String[][] entries) {
        int x = x0;
        for (String[] e : entries) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", x, y0 - 4, x + 24, y0 - 4, e[0],
                    e[1].isEmpty() ? "" : " stroke-dasharray=\"" + e[1] + "\""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 30, y0, escape(e[2])));
            x += 40 + 7 * e[2].length();
        }
    }

    private static String path(String d, String colour, double width, String dash) {
        if (d.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>%n",
                d.trim(), colour, width, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
    }

    private static double x(double hours) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(24, hours)) / 24.0;
    }

    private static double y(double v, double max, int top, int bottom) {
        return bottom - (bottom - top) * Math.max(0, Math.min(max, v)) / max;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
