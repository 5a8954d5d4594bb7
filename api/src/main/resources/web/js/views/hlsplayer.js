// Recorded playback of one camera from an instant, with hls.js (the playlist carries
// EXT-X-PROGRAM-DATE-TIME, so the wall clock of any frame is known).
export class RecordedPlayer {
  constructor(video, camera, fromMs, toMs, onError) {
    this.video = video; this.camera = camera; this.fromMs = fromMs;
    const url = `/api/v1/cameras/${encodeURIComponent(camera)}/playlist.m3u8?from=${Math.floor(fromMs)}&to=${Math.floor(toMs)}`;
    if (!window.Hls || !Hls.isSupported()) {
      onError('this browser cannot play recordings (no Media Source Extensions)');
      return;
    }
    this.hls = new Hls({ maxBufferLength: 20, backBufferLength: 30, enableWorker: true });
    this.hls.on(Hls.Events.LEVEL_LOADED, (ev, data) => {
      if (this.positioned) return;
      this.positioned = true;
      const first = data.details.fragments[0];
      const offset = first && first.programDateTime ? Math.max(0, (fromMs - first.programDateTime) / 1000) : 0;
      this.startOffset = offset;
      this.video.currentTime = offset;
    });
    this.hls.on(Hls.Events.ERROR, (ev, data) => {
      if (!data.fatal) return;
      if (data.response && data.response.code === 404) onError('nothing recorded from this time');
      else onError('playback error: ' + (data.details || data.type));
      this.hls.destroy();
    });
    this.hls.loadSource(url);
    this.hls.attachMedia(video);
    video.play().catch(() => {});
  }

  /** The wall-clock time (ms) of the picture shown, or null. */
  wallMs() {
    const d = this.hls && this.hls.playingDate;
    return d ? d.getTime() : null;
  }

  destroy() {
    if (this.hls) this.hls.destroy();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
