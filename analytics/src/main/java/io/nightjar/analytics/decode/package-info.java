/**
 * FFmpeg decoding of access units straight from the ring (no URL, no demuxer): avcodec with
 * avcC/hvcC extradata, one thread per decoder, luma plane scaled to the analysis width, native
 * memory freed deterministically.
 */
package io.nightjar.analytics.decode;
