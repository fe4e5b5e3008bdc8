package io.edgetally.uplink;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.mqtt.DeviceTopics;

/**
 * The payload on {@code .../alarm}: {@code {"site","device","at","event":"raised|cleared|acknowledged","code",...}};
 * a raised alarm adds severity, message and raisedAt, an acknowledged one who acknowledged it. (device, code,
 * event, at) identifies a message, so a registry can drop the copy a reconnect may send twice.
 */
final class AlarmMessages {

    private AlarmMessages() {}

    static String json(DeviceTopics device, AlarmEvent event) {
        JsonObjectBuilder b = JsonObject.builder()
                .put("site", device.site()).put("device", device.device())
                .put("at", event.at().toString());
        switch (event) {
            case AlarmEvent.Raised r -> b.put("event", "raised").put("code", r.alarm().code())
                    .put("severity", r.alarm().severity().name()).put("message", r.alarm().message())
                    .put("raisedAt", r.alarm().raisedAt().toString());
            case AlarmEvent.Cleared c -> b.put("event", "cleared").put("code", c.code());
            case AlarmEvent.Acknowledged a -> b.put("event", "acknowledged").put("code", a.code()).put("by", a.by());
        }
        return Json.write(b.build());
    }
}
