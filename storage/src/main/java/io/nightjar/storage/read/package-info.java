/**
 * Reading recordings back without re-encoding: recorded spans with explicit gaps, HLS VOD
 * playlists of byte ranges, exact-range MP4 export with an integrity manifest, verification.
 */
package io.nightjar.storage.read;
