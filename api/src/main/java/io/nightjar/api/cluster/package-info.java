/**
 * The server as a node of a cluster. {@link io.nightjar.api.cluster.ClusterMembership} joins the
 * site through the {@code cluster} module, publishes the configured cameras, starts and stops their
 * streams as the elected controller assigns them (stamping each assignment's epoch into the files
 * written), and binds the site's sealed records (users, API cameras, holds and bookmarks) to the
 * stores that follow them.
 *
 * <p>One API on every node: decorators of the services answer for the whole site, with calls to the
 * other nodes signed on the caller's behalf ({@link io.nightjar.api.cluster.PeerCalls}):
 * {@link io.nightjar.api.cluster.SiteRecordings} (spans, playlists, files, smart search),
 * {@link io.nightjar.api.cluster.SiteExports} (exports over every node's footage, copied with
 * {@link io.nightjar.api.cluster.PeerFiles}), {@link io.nightjar.api.cluster.SiteCameras} (what the
 * recording node knows), {@link io.nightjar.api.cluster.SiteLive} (the live view, relayed),
 * {@link io.nightjar.api.cluster.SiteEvents} (queries and the live stream) and
 * {@link io.nightjar.api.cluster.SiteEvidence} (holds, bookmarks, audit). A call that came from a
 * node is answered with the node's own, so calls never go round ({@code docs/cluster.md}).
 */
package io.nightjar.api.cluster;
