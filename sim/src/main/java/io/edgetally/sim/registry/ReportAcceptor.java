package io.edgetally.sim.registry;

/**
 * Decides whether one report payload, on its own, is acceptable: well formed, and (in a verifier that knows the
 * device keys) correctly hashed and signed. Chain continuity across reports is the registry's job, since only it
 * holds the neighbours. Implementations must be thread-safe or stateless.
 */
@FunctionalInterface
public interface ReportAcceptor {

    Verdict accept(byte[] payload);

    /** The outcome for one payload. */
    sealed interface Verdict {
        /** Acceptable; the fields the registry files it under and chains it by. */
        record Accepted(String device, long seq, String hash, String prevHash) implements Verdict {}

        /** Not acceptable, with the reason in words (kept by the registry, never acked). */
        record Rejected(String reason) implements Verdict {}
    }
}
