// Small pieces shared by the views: camera state badges, the stream a browser can play, an event stream.
import { esc } from '../api.js';

export function badge(cam) {
  const rec = cam.recording || '';
  if (cam.recordingState === 'elsewhere') return `<span class="badge ok" title="${esc(rec)}">${esc(rec)}</span>`;
  if (cam.recordingState === 'unassigned') return `<span class="badge bad" title="${esc(rec)}">not recorded by any node</span>`;
  const fine = cam.recordingState === 'recording' || cam.recordingState === 'waiting_for_motion' || cam.recordingState === 'off';
  if (cam.state === 'streaming' && fine) {
    return `<span class="badge ok" title="${esc(rec)}">${cam.recordingState === 'recording' ? 'streaming · recording' : 'streaming · ' + esc(rec)}</span>`;
  }
  if (cam.state === 'streaming') return `<span class="badge bad" title="${esc(rec)}">not recording</span>`;
  if (cam.state === 'connecting') return `<span class="badge warn">connecting</span>`;
  if (cam.state === 'backing_off') return `<span class="badge bad" title="${esc(cam.lastError || '')}">offline · reconnecting</span>`;
  return `<span class="badge bad">${esc(cam.state)}</span>`;
}

/** Why a camera is not showing, in words a person understands: from the kind of its last failure, not its wording. */
export function problem(cam) {
  if (cam.state === 'streaming') return '';
  const e = cam.lastError || '';
  switch (cam.failure ? cam.failure.kind : '') {
    case 'AUTH_REQUIRED': return 'Camera unreachable: it asks for a user name and password, and none is set. ' + e;
    case 'AUTH_REJECTED': return 'Camera unreachable: wrong user name or password. ' + e;
    case 'TIMEOUT': return 'Camera unreachable: it did not answer in time (timeout). ' + e;
    case 'UNREACHABLE': return 'Camera unreachable: nothing answers at that address. ' + e;
    case 'NOT_FOUND': return 'The camera has no stream at that path. ' + e;
    case 'NO_SUPPORTED_TRACK': return 'Unsupported codec: ' + e;
    case 'STALLED': return 'The camera stopped sending pictures. ' + e;
    default: return e ? 'Camera problem: ' + e : 'Connecting to the camera…';
  }
}

/** Which live stream the browser should ask for, and what to tell the user about it. */
export function liveStreamFor(cam) {
  if (cam.codec !== 'H265') return { stream: 'main', note: '' };
  if (cam.subUrl) return { stream: 'sub', note: 'H.265 camera: showing its H.264 sub-stream' };
  return { stream: 'preview', note: 'H.265 camera: showing a low-resolution H.264 preview made for viewers (recording is untouched)' };
}

/** Server-Sent Events with automatic resume (the browser sends Last-Event-ID). */
export function events(query, onEvent) {
  const es = new EventSource('/api/v1/events/stream' + (query ? '?' + query : ''));
  es.onmessage = (m) => onEvent(JSON.parse(m.data));
  return () => es.close();
}

export function dayStart(dateStr) {
  const [y, m, d] = dateStr.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
