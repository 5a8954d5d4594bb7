package io.nightjar.api.service;

/** The system's health and its Prometheus metrics. */
public interface SystemStatus {
    /** Health; cameras the caller may not see are left out (and do not count in {@code ok}). */
    SystemHealthView health(Caller caller);

    /**
     * This node's view of its cluster (cameras the caller may not see are left out).
     *
     * @throws ServiceException not found when this node is not part of a cluster
     */
    ClusterView cluster(Caller caller);

    /** Which node recorded a camera when (its failover history); not found outside a cluster. */
    ClusterView.CameraHistory cameraHistory(Caller caller, String camera) throws Exception;

    /** The metrics in the Prometheus text format ({@link #METRICS_CONTENT_TYPE}). */
    byte[] metrics() throws Exception;

    String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
}
