package io.edgetally.protocol.mqtt;

import java.util.Optional;

/**
 * The topics of one device: {@code edgetally/v1/{site}/{device}/{kind}}.
 *
 * @param site   site id, one topic level (no '/', '+', '#')
 * @param device device id, one topic level
 */
public record DeviceTopics(String site, String device) {

    /** Topic root, versioned: a change to the contract gets a new root, not a silent rewrite. */
    public static final String ROOT = "edgetally/v1";

    public DeviceTopics {
        requireLevel("site", site);
        requireLevel("device", device);
    }

    public String topic(TopicKind kind) {
        return ROOT + "/" + site + "/" + device + "/" + kind.suffix();
    }

    /** A subscription filter for {@code kind} of every device of every site, e.g. {@code edgetally/v1/+/+/report}. */
    public static String everyDevice(TopicKind kind) {
        return ROOT + "/+/+/" + kind.suffix();
    }

    /** A topic split into its device and kind. */
    public record Parsed(DeviceTopics device, TopicKind kind) {}

    /** Splits {@code topic}; empty when it is not one of ours (another root, another depth, an unknown kind). */
    public static Optional<Parsed> parse(String topic) {
        if (!topic.startsWith(ROOT + "/")) {
            return Optional.empty();
        }
        String[] levels = topic.substring(ROOT.length() + 1).split("/", -1);
        if (levels.length != 3) {
            return Optional.empty();
        }
        Optional<TopicKind> kind = TopicKind.ofSuffix(levels[2]);
        if (kind.isEmpty() || !isLevel(levels[0]) || !isLevel(levels[1])) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new DeviceTopics(levels[0], levels[1]), kind.get()));
    }

    private static void requireLevel(String name, String value) {
        if (value == null || !isLevel(value)) {
            throw new IllegalArgumentException(name + " must be one MQTT topic level: non-empty, at most 64 characters,"
                    + " without '/', '+', '#' or control characters; was " + (value == null ? "absent" : "'" + value + "'"));
        }
    }

    private static boolean isLevel(String value) {
        if (value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
