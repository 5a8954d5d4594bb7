package io.nightjar.api.service;

import io.nightjar.recorder.probe.ProbeReport;

/** The result of a probe: whether it streamed, a report for people, and the details. */
public record ProbeView(boolean ok, String report, ProbeReport details) {
}
