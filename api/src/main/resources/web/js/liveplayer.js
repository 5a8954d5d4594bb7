// Live video in a <video> element: fMP4 over a WebSocket into Media Source Extensions.
// The server sends {"type":"init",...}, the init segment, then one fragment per frame.
export class LivePlayer {
  constructor(video, camera, stream = 'main', onStatus = () => {}) {
    this.video = video; this.camera = camera; this.stream = stream; this.onStatus = onStatus;
    this.queue = []; this.closed = false; this.retry = 1000;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/api/v1/cameras/${encodeURIComponent(this.camera)}/live?stream=${this.stream}`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onmessage = (m) => this.message(m);
    ws.onopen = () => { this.retry = 1000; this.onStatus('connecting', null); };
    ws.onclose = () => {
      if (this.closed) return;
      this.onStatus('reconnecting', 'live stream interrupted; reconnecting');
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 15000);
    };
  }

  message(m) {
    if (typeof m.data === 'string') {
      const info = JSON.parse(m.data);
      if (info.type === 'init') this.setup(info);
      return;
    }
    this.queue.push(m.data);
    this.pump();
  }

  setup(info) {
    const mime = `video/mp4; codecs="${info.codec}"`;
    if (!window.MediaSource || !MediaSource.isTypeSupported(mime)) {
      this.onStatus('unsupported', `this browser cannot play ${info.codec}` + (info.codec.startsWith('hvc') || info.codec.startsWith('hev')
        ? ' (H.265): configure an H.264 sub-stream or use the preview' : ''));
      this.closed = true; this.ws.close();
      return;
    }
    this.info = info;
    this.queue = [];
    this.ms = new MediaSource();
    this.video.src = URL.createObjectURL(this.ms);
    this.ms.addEventListener('sourceopen', () => {
      this.sb = this.ms.addSourceBuffer(mime);
      this.sb.mode = 'sequence';
      this.sb.addEventListener('updateend', () => this.pump());
      this.pump();
    }, { once: true });
    this.onStatus('playing', null);
  }

  pump() {
    const sb = this.sb;
    if (!sb || sb.updating || this.queue.length === 0 || this.ms.readyState !== 'open') return;
    try {
      sb.appendBuffer(this.queue.shift());
    } catch (e) {
      if (e.name === 'QuotaExceededError') this.trim(true);
      return;
    }
    this.keepLive();
  }

  keepLive() {
    const v = this.video, b = v.buffered;
    if (b.length === 0) return;
    const end = b.end(b.length - 1);
    if (v.paused && v.readyState >= 2) v.play().catch(() => {});
    if (end - v.currentTime > 2.5) v.currentTime = end - 0.3; // fell behind: jump to the live edge
    this.trim(false);
  }

  trim(force) {
    const sb = this.sb, v = this.video;
    if (!sb || sb.updating || v.buffered.length === 0) return;
    const start = v.buffered.start(0);
    if (force || v.currentTime - start > 30) {
      try { sb.remove(start, Math.max(start, v.currentTime - 10)); } catch (e) { /* busy */ }
    }
  }

  close() {
    this.closed = true;
    if (this.ws) this.ws.close();
    if (this.video.src) { URL.revokeObjectURL(this.video.src); this.video.removeAttribute('src'); this.video.load(); }
  }
}
