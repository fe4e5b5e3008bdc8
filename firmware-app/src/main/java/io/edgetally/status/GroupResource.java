package io.edgetally.status;

/** A path segment that only groups actions, such as {@code /barn/step}: every method gets 4.05 naming them. */
final class GroupResource extends EndpointResource {

    private final String hint;

    GroupResource(String name, String hint) {
        super(name);
        this.hint = hint;
        setVisible(false);
    }

    @Override
    String allowedMethods() {
        return "nothing itself (" + hint + ")";
    }
}
