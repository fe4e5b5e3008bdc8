package io.edgetally.tally;

/** What became of one cycle's meter reading handed to the tally: booked (maybe as nothing), or not at all. */
public sealed interface BookResult {

    /** The ledger judged the reading and booked what it closes (usually no record: spans close every interval). */
    record Booked(Booking booking) implements BookResult {}

    /**
     * The store failed: nothing of this reading is booked, and a later reading books the whole span again from the
     * last committed position (the meter's register keeps counting, so no kWh is lost).
     */
    record NotBooked(String reason) implements BookResult {}
}
