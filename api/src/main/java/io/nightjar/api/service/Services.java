package io.nightjar.api.service;

/** Every service of the engine, as the HTTP routes, the RTSP server and the CLI are given them. */
public record Services(Cameras cameras, Recordings recordings, ExportJobs exports, Evidence evidence, Events events, Accounts accounts,
                       SystemStatus system, Live live) {
}
