package io.edgetally.sim.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws a cure the way a barn technician reads it on a paper chart: dry and wet bulb, actual (solid) against
 * target (dashed), over barn-hours, with the three stages as coloured bands; below, heater and damper output.
 * Plain SVG, no library: it opens in any browser and prints.
 */
public final class CuringCurveSvg {

    /** One sample of the curve; temperatures are NaN while a probe was faulted (drawn as a gap). */
    public record Point(double hours, double dryC, double wetC, double dryTargetC, double wetTargetC,
                        double heaterFraction, double damperFraction) {}

    /** A stage band from {@code startHours} to {@code endHours}. */
    public record Band(String label, double startHours, double endHours) {}

    private static final int WIDTH = 1200;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int TEMP_HEIGHT = 380;
    private static final int GAP = 40;
    private static final int OUT_HEIGHT = 130;
    private static final int HEIGHT = TOP + TEMP_HEIGHT + GAP + OUT_HEIGHT + 60;
    private static final double MIN_C = 20;
    private static final double MAX_C = 75;

    private CuringCurveSvg() {}

    public static String render(String title, List<Point> points, List<Band> bands) {
        double maxHours = Math.max(1, points.isEmpty() ? 1 : points.get(points.size() - 1).hours());
        for (Band b : bands) {
            maxHours = Math.max(maxHours, b.endHours());
        }
        Axis x = new Axis(LEFT, WIDTH - RIGHT, 0, Math.ceil(maxHours / 12) * 12);
        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));

        int tempBottom = TOP + TEMP_HEIGHT;
        int outTop = tempBottom + GAP;
        int outBottom = outTop + OUT_HEIGHT;
        String[] bandColours = {"#fff4b8", "#ffd9a8", "#e8cfb0", "#e0e0e0"};
        for (int i = 0; i < bands.size(); i++) {
            Band b = bands.get(i);
            double x0 = x.at(b.startHours());
            double x1 = x.at(b.endHours());
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x0, TOP, Math.max(0, x1 - x0), outBottom - TOP, bandColours[Math.min(i, bandColours.length - 1)]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>%n",
                    x0 + 4, TOP + 14, escape(b.label())));
        }

        Axis temp = new Axis(tempBottom, TOP, MIN_C, MAX_C);
        Axis out = new Axis(outBottom, outTop, 0, 1);
        grid(svg, x, temp, out, tempBottom, outTop, outBottom);

        line(svg, points, x, temp, p -> p.dryTargetC(), "#c0392b", "6,4", 1.5);
        line(svg, points, x, temp, p -> p.wetTargetC(), "#2471a3", "6,4", 1.5);
        line(svg, points, x, temp, p -> p.dryC(), "#c0392b", null, 1.6);
        line(svg, points, x, temp, p -> p.wetC(), "#2471a3", null, 1.6);
        line(svg, points, x, out, p -> p.heaterFraction(), "#e67e22", null, 1.0);
        line(svg, points, x, out, p -> p.damperFraction(), "#27ae60", null, 1.0);

        legend(svg, WIDTH - RIGHT - 330, TOP + 28, new String[][] {
                {"#c0392b", "", "dry bulb"}, {"#c0392b", "6,4", "dry-bulb target"},
                {"#2471a3", "", "wet bulb"}, {"#2471a3", "6,4", "wet-bulb target"}});
        legend(svg, WIDTH - RIGHT - 330, outTop + 16, new String[][] {
                {"#e67e22", "", "heater output"}, {"#27ae60", "", "damper opening"}});
        svg.append("</svg>\n");
        return svg.toString();
    }

    private interface Value {
        double of(Point p);
    }

    private static void line(StringBuilder svg, List<Point> points, Axis x, Axis y, Value v, String colour,
                             String dash, double width) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (Point p : points) {
            double value = v.of(p);
            if (Double.isNaN(value)) {
                pen = false;
                continue;
            }
            d.append(pen ? 'L' : 'M').append(String.format(Locale.ROOT, "%.1f,%.1f", x.at(p.hours()), y.at(value)));
            pen = true;
        }
        svg.append("<path fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(width)
                .append('"');
        if (dash != null) {
            svg.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        svg.append(" d=\"").append(d).append("\"/>\n");
    }

    private static void grid(StringBuilder svg, Axis x, Axis temp, Axis out, int tempBottom, int outTop, int outBottom) {
        for (double h = 0; h <= x.max + 1e-9; h += 12) {
            double px = x.at(h);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>%n", px, TOP, px, outBottom));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n", px, outBottom + 16, h));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">barn-hours</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, outBottom + 36));
        for (double c = MIN_C; c <= MAX_C + 1e-9; c += 5) {
            double py = temp.at(c);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", LEFT - 6, py + 4, c));
        }
        double py50 = temp.at(50);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\" "
                + "stroke-dasharray=\"2,3\"/>%n", LEFT, py50, WIDTH - RIGHT, py50));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"20\" y=\"%d\" transform=\"rotate(-90 20 %d)\" text-anchor=\"middle\">°C</text>%n",
                (TOP + tempBottom) / 2, (TOP + tempBottom) / 2));
        for (int pct = 0; pct <= 100; pct += 50) {
            double py = out.at(pct / 100.0);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>%n", LEFT - 6, py + 4, pct));
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, WIDTH - RIGHT - LEFT, tempBottom - TOP));
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, outTop, WIDTH - RIGHT - LEFT, outBottom - outTop));
    }

    private static void legend(StringBuilder svg, int x, int y, String[][] entries) {
        for (int i = 0; i < entries.length; i++) {
            int col = i % 2;
            int row = i / 2;
            int lx = x + col * 165;
            int ly = y + row * 16;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    lx, ly - 4, lx + 28, ly - 4, entries[i][0],
                    entries[i][1].isEmpty() ? "" : " stroke-dasharray=\"" + entries[i][1] + "\""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 34, ly, entries[i][2]));
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Linear map from data to pixels. */
    private record Axis(double from, double to, double min, double max) {
        double at(double v) {
            double clamped = Math.max(min, Math.min(max, v));
            return from + (clamped - min) / (max - min) * (to - from);
        }
    }
}
