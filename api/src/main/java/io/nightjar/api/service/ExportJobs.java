package io.nightjar.api.service;

import java.util.List;

/**
 * Exports as background jobs (up to 31 days): progress, a download and a manifest, kept for a
 * while then deleted. A caller sees only the jobs of cameras it may see.
 */
public interface ExportJobs {
    /** Starts a job; NOT_FOUND if the camera recorded nothing, CONFLICT when too many wait. */
    ExportJobView submit(Caller caller, String camera, long from, long to);

    List<ExportJobView> list(Caller caller);

    ExportJobView get(Caller caller, String id);

    /** The finished MP4; CONFLICT until the job is done. Audited. */
    Media download(Caller caller, String id) throws Exception;

    /** The finished job's manifest; CONFLICT until the job is done. */
    byte[] manifest(Caller caller, String id) throws Exception;

    void delete(Caller caller, String id);
}
