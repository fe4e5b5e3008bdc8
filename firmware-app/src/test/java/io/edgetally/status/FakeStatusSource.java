package io.edgetally.status;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The controller's side, faked: fixed snapshots in the documented shapes (docs/coap.md) that a test replaces,
 * firing the change listener as the real controller would.
 */
public final class FakeStatusSource implements StatusSource {

    private final SiteKind kind;
    private final Map<StatusTopic, JsonObject> snapshots = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<StatusTopic, RuntimeException> failures = new ConcurrentHashMap<>();

    private FakeStatusSource(SiteKind kind) {
        this.kind = kind;
    }

    public static FakeStatusSource barn() {
        FakeStatusSource s = new FakeStatusSource(SiteKind.CURING_BARN);
        s.snapshots.put(StatusTopic.STATUS, Json.parseObject("""
                {"device":"barn-07","site":"jiange-12","kind":"curing-barn","firmwareVersion":"0.1.0",
                 "uptimeSeconds":273125,"mode":"auto","uplink":"connected","outboxBacklog":3,"activeAlarms":1,
                 "clockSynced":true,"at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.SITE, Json.parseObject("""
                {"scheduleId":"k326-middle","stage":"yellowing",
                 "step":{"index":2,"count":8,"name":"main yellowing","phase":"hold","awaitingConfirmation":false},
                 "targets":{"dryBulbCelsius":38.0,"wetBulbCelsius":35.0},
                 "actuals":{"dryBulbCelsius":37.6,"wetBulbCelsius":35.2},
                 "outputs":{"heater":true,"fan":"high","damperPercent":20},
                 "processTime":{"stepElapsedMinutes":310,"stepRemainingMinutes":530,
                                "cureElapsedMinutes":1800,"cureRemainingMinutes":5400},
                 "at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.TALLY, Json.parseObject("""
                {"methodology":{"id":"curing-net","version":"1"},
                 "periods":{
                   "today":{"energyKwh":412.5,"displacedKgce":51.56,"co2Kg":135.09,"so2Kg":0.437,"noxKg":0.382,
                            "pmKg":0.052,"co2NetKg":77.17},
                   "batch":{"energyKwh":1650.0,"displacedKgce":206.25,"co2Kg":540.38,"so2Kg":1.749,"noxKg":1.526,
                            "pmKg":0.206,"co2NetKg":308.72},
                   "season":{"energyKwh":9875.0,"displacedKgce":1234.38,"co2Kg":3234.06,"so2Kg":10.468,
                             "noxKg":9.134,"pmKg":1.234,"co2NetKg":1847.61}},
                 "lastSeq":44,"lastAckedSeq":41,"at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.ALARMS, Json.parseObject("""
                {"active":[{"code":"barn.wet-bulb.wick-dry","severity":"warning",
                  "message":"wet bulb equals dry bulb for 3 h: check the wick and its water",
                  "raisedAt":"2026-08-02T09:31:00Z","acknowledged":false,"acknowledgedBy":null}],
                 "at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.METERS, Json.parseObject("""
                {"meters":[{"id":"main","model":"Eastron SDM630","meterId":"SDM630:24071501","totalKwh":18234.52,
                  "powerKw":48.2,
                  "readAt":"2026-08-02T12:39:50Z","state":"ok"}],"at":"2026-08-02T12:40:00Z"}"""));
        return s;
    }

    public static FakeStatusSource station() {
        FakeStatusSource s = new FakeStatusSource(SiteKind.SWAP_STATION);
        s.snapshots.put(StatusTopic.STATUS, Json.parseObject("""
                {"device":"swap-04","site":"yibin-changjiang-4","kind":"swap-station","firmwareVersion":"0.1.0",
                 "uptimeSeconds":86400,"mode":"auto","uplink":"offline","outboxBacklog":12,"activeAlarms":0,
                 "clockSynced":false,"at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.SITE, Json.parseObject("""
                {"packs":[{"id":"P1","slot":1,"socPercent":96.5,"state":"ready"},
                          {"id":"P2","slot":2,"socPercent":41.0,"state":"charging"}],
                 "readyPacks":1,"swapThresholdPercent":90,
                 "chargers":[{"id":"C1","packId":null,"powerKw":0,"state":"idle"},
                             {"id":"C2","packId":"P2","powerKw":285.0,"state":"charging"}],
                 "power":{"totalKw":285.0,"stationCapKw":2400,"externalCapKw":1800},
                 "queue":{"trucksWaiting":1,"arrivalsNextHour":4},
                 "at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.TALLY, Json.parseObject("""
                {"methodology":{"id":"swap-diesel","version":"1"},
                 "periods":{
                   "today":{"energyKwh":6200,"dieselLitres":1261.3,"displacedKgce":1543.7,"co2Kg":3280.4,
                            "noxKg":5.1,"pmKg":0.09,"co2NetKg":2409.9},
                   "day":{"energyKwh":12000,"dieselLitres":2441.25,"displacedKgce":2988.0,"co2Kg":6349.0,
                          "noxKg":9.9,"pmKg":0.17,"co2NetKg":4664.2},
                   "season":{"energyKwh":905000,"dieselLitres":184113.0,"displacedKgce":225350.0,
                             "co2Kg":478800.0,"noxKg":746.6,"pmKg":12.8,"co2NetKg":351738.0}},
                 "lastSeq":310,"lastAckedSeq":298,"at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.ALARMS, Json.parseObject("""
                {"active":[],"at":"2026-08-02T12:40:00Z"}"""));
        s.snapshots.put(StatusTopic.METERS, Json.parseObject("""
                {"meters":[{"id":"grid","model":"Eastron SDM630","meterId":"SDM630:24070001","totalKwh":905112.4,
                  "powerKw":291.3,
                  "readAt":"2026-08-02T12:39:55Z","state":"ok"}],"at":"2026-08-02T12:40:00Z"}"""));
        return s;
    }

    /** Replaces a snapshot and tells the listeners, as the controller does after a cycle. */
    public void set(StatusTopic topic, JsonObject snapshot) {
        snapshots.put(topic, snapshot);
        listeners.forEach(l -> l.changed(topic));
    }

    /** Tells the listeners without changing anything, as a controller that fires every cycle does. */
    public void touch(StatusTopic topic) {
        listeners.forEach(l -> l.changed(topic));
    }

    /** From now on reading this topic throws, as a controller whose ledger is unavailable might. */
    public void failWith(StatusTopic topic, RuntimeException failure) {
        failures.put(topic, failure);
    }

    public JsonObject get(StatusTopic topic) {
        RuntimeException failure = failures.get(topic);
        if (failure != null) {
            throw failure;
        }
        return snapshots.get(topic);
    }

    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public SiteKind kind() {
        return kind;
    }

    @Override
    public JsonObject status() {
        return get(StatusTopic.STATUS);
    }

    @Override
    public JsonObject site() {
        return get(StatusTopic.SITE);
    }

    @Override
    public JsonObject tally() {
        return get(StatusTopic.TALLY);
    }

    @Override
    public JsonObject alarms() {
        return get(StatusTopic.ALARMS);
    }

    @Override
    public JsonObject meters() {
        return get(StatusTopic.METERS);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
