/**
 * The engine as the outside sees it: narrow services ({@link io.nightjar.api.service.Cameras},
 * {@link io.nightjar.api.service.Recordings}, {@link io.nightjar.api.service.ExportJobs},
 * {@link io.nightjar.api.service.Evidence}, {@link io.nightjar.api.service.Events},
 * {@link io.nightjar.api.service.Accounts}, {@link io.nightjar.api.service.SystemStatus},
 * {@link io.nightjar.api.service.Live}) with plain records in and out, and typed
 * {@link io.nightjar.api.service.ServiceException}s for what a caller got wrong.
 *
 * <p>HTTP routes, the RTSP server's playback and the CLI depend on these interfaces only; the
 * assembly ({@code io.nightjar.api.server.NightjarServer}) implements them over storage, the
 * ring and the cameras. No Netty or RocksDB type appears in a signature, and streaming results
 * come with an explicit close, so that a remote node can implement the same interfaces later.
 * Times in are UTC microseconds; times out are ISO-8601 strings with epoch milliseconds beside
 * them where the web UI computes with them (the JSON the API has always served).
 */
package io.nightjar.api.service;
