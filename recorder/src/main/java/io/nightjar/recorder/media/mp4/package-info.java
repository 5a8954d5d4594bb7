/**
 * ISO base media file format (ISO/IEC 14496-12/-15) as Nightjar writes and reads it: init
 * segments (ftyp + moov with avcC/hvcC), fragments (prft + moof + mdat), a scanner that walks
 * and validates fragments for recovery and export, and the progressive MP4 builder for exports.
 */
package io.nightjar.recorder.media.mp4;
