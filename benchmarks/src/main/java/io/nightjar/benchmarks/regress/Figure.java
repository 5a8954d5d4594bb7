package io.nightjar.benchmarks.regress;

/**
 * One headline figure.
 *
 * @param name         stable key, e.g. {@code fleet200.cpuPerCamera}
 * @param value        the measured value
 * @param unit         how to read it
 * @param higherBetter whether a larger value is an improvement (for the comparison column)
 * @param command      what produced it
 */
record Figure(String name, double value, String unit, boolean higherBetter, String command) {
}
