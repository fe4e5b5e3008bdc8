package io.edgetally.sim.site;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.barn.SensorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated barn's physical state in a file, so that killing the simulator (with the controller in the same
 * process) does not make the leaf cold or the meter forget: the world goes on as a real barn would. Written
 * whole to a temporary file and renamed, so a kill mid-write leaves the previous state.
 */
public final class BarnWorldFile {

    private final Path file;

    public BarnWorldFile(Path file) {
        this.file = file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    public void save(BarnSimulator.Snapshot s) {
        save(s, List.of());
    }

    /**
     * Saves the barn and the relays as the controller last set them: a simulator started again on this file holds
     * them as a relay board does, so the barn lives on with the heat and the fan it had (what the controller wrote
     * just before the simulator stopped is not lost in the restart).
     */
    public void save(BarnSimulator.Snapshot s, List<Boolean> relays) {
        JsonObjectBuilder stages = JsonObject.builder();
        s.waterRemovedKgByStage().forEach(stages::put);
        JsonObjectBuilder doc = JsonObject.builder()
                .put("elapsedSeconds", s.elapsedSeconds())
                .put("barnCelsius", s.barnCelsius())
                .put("humidityRatio", s.humidityRatio())
                .put("leafWaterKg", s.leafWaterKg())
                .put("midribWaterKg", s.midribWaterKg())
                .put("wallCelsius", s.wallCelsius())
                .put("heatingRoomCelsius", s.heatingRoomCelsius())
                .put("wetBulbCelsius", s.wetBulbCelsius())
                .put("damperFraction", s.damperFraction())
                .put("respirationReserveJoules", s.respirationReserveJoules())
                .put("importKwh", s.importKwh())
                .put("cutoutTripped", s.cutoutTripped())
                .put("waterRemovedKgByStage", stages.build());
        s.probes().ifPresent(p -> doc.put("probes", JsonObject.builder()
                .put("dryBulbIndicated", p.dryBulbIndicated()).put("wetBulbIndicated", p.wetBulbIndicated())
                .put("wickWetness", p.wickWetness()).build()));
        doc.put("relays", new JsonValue.JsonArray(relays.stream().<JsonValue>map(JsonValue.JsonBool::new).toList()));
        String json = Json.write(doc.build());
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, json);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the simulated barn to " + file, e);
        }
    }

    /** The relays as last saved (coil by coil); empty in a file saved without them. */
    public List<Boolean> relays() {
        try {
            JsonObject o = Json.parseObject(Files.readString(file));
            if (!o.has("relays")) {
                return List.of();
            }
            return o.array("relays").items().stream().map(v -> ((JsonValue.JsonBool) v).value()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated barn from " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("simulated barn file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    public BarnSimulator.Snapshot load() {
        try {
            JsonObject o = Json.parseObject(Files.readString(file));
            Map<String, Double> stages = new LinkedHashMap<>();
            o.object("waterRemovedKgByStage").members().forEach((k, v) ->
                    stages.put(k, ((JsonValue.JsonNumber) v).value().doubleValue()));
            Optional<SensorModel.State> probes = o.has("probes") ? Optional.of(o.object("probes")).map(p ->
                    new SensorModel.State(p.doubleValue("dryBulbIndicated"), p.doubleValue("wetBulbIndicated"),
                            p.doubleValue("wickWetness"))) : Optional.empty();
            return new BarnSimulator.Snapshot(o.doubleValue("elapsedSeconds"), o.doubleValue("barnCelsius"),
                    o.doubleValue("humidityRatio"), o.doubleValue("leafWaterKg"), o.doubleValue("midribWaterKg"),
                    o.doubleValue("wallCelsius"), o.doubleValue("heatingRoomCelsius"), o.doubleValue("wetBulbCelsius"),
                    o.doubleValue("damperFraction"), o.doubleValue("respirationReserveJoules"),
                    o.doubleValue("importKwh"), o.bool("cutoutTripped"), stages, probes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated barn from " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("simulated barn file " + file + " is damaged: " + e.getMessage(), e);
        }
    }
}
