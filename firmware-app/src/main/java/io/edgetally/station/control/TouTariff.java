package io.edgetally.station.control;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A two-part industrial tariff: an energy price per time-of-use band plus a monthly demand charge on the month's
 * highest 15-minute average import.
 *
 * @param hourlyBands               the band of each local hour, index 0 = 00:00-01:00 (24 entries)
 * @param peakPricePerKwh           energy price in the peak band, currency per kWh
 * @param flatPricePerKwh           energy price in the flat band
 * @param valleyPricePerKwh         energy price in the valley band
 * @param demandChargePerKwMonth    capacity charge per kW of the month's peak 15-minute demand
 * @param zone                      the zone the bands are defined in (the site's local time)
 */
public record TouTariff(
        List<Band> hourlyBands,
        double peakPricePerKwh,
        double flatPricePerKwh,
        double valleyPricePerKwh,
        double demandChargePerKwMonth,
        ZoneId zone) {

    public enum Band { PEAK, FLAT, VALLEY }

    public TouTariff {
        hourlyBands = List.copyOf(hourlyBands);
        if (hourlyBands.size() != 24) {
            throw new IllegalArgumentException("tariff: hourlyBands needs 24 entries (one per local hour), got "
                    + hourlyBands.size());
        }
        double[] all = {peakPricePerKwh, flatPricePerKwh, valleyPricePerKwh, demandChargePerKwMonth};
        for (double price : all) {
            if (!(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("tariff: prices must be finite and >= 0, got " + price);
            }
        }
    }

    /**
     * Sichuan-like illustrative industrial tariff (CNY): valley 23:00-07:00, peak 10:00-12:00 and 17:00-22:00, flat
     * otherwise; prices and the demand charge are of the order published for large industrial users, not a quote.
     */
    public static TouTariff sichuanLike() {
        Band[] bands = new Band[24];
        for (int h = 0; h < 24; h++) {
            bands[h] = (h >= 23 || h < 7) ? Band.VALLEY
                    : ((h >= 10 && h < 12) || (h >= 17 && h < 22)) ? Band.PEAK : Band.FLAT;
        }
        return new TouTariff(List.of(bands), 1.02, 0.64, 0.30, 40.0, ZoneId.of("Asia/Shanghai"));
    }

    public Band band(Instant at) {
        return hourlyBands.get(at.atZone(zone).getHour());
    }

    public double pricePerKwh(Band band) {
        return switch (band) {
            case PEAK -> peakPricePerKwh;
            case FLAT -> flatPricePerKwh;
            case VALLEY -> valleyPricePerKwh;
        };
    }

    public double pricePerKwh(Instant at) {
        return pricePerKwh(band(at));
    }
}
