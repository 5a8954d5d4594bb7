package io.nightjar.api.server;

import io.nightjar.api.service.Caller;
import io.nightjar.storage.read.Mp4Exporter;
import java.io.IOException;

/**
 * Plans the export of a camera's range for a caller: from this node's footage alone, or in a
 * cluster from the footage of every node that recorded the range ({@code api.cluster.SiteExports}).
 */
@FunctionalInterface
public interface ExportPlanner {
    Mp4Exporter.Plan plan(Caller caller, String camera, long from, long to) throws IOException;
}
