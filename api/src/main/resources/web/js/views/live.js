// Live grid: every camera over fMP4/WebSocket, with its state badge and a motion indicator.
import { get, esc } from '../api.js';
import { onLeave } from '../app.js';
import { LivePlayer } from '../liveplayer.js';
import { badge, problem, liveStreamFor, events } from './common.js';

export async function liveView(root) {
  const cams = await get('/api/v1/cameras');
  if (cams.length === 0) {
    root.innerHTML = `<div class="panel"><h1>No cameras yet</h1><p>Add one under <a href="#/cameras">Cameras</a>.</p></div>`;
    return;
  }
  root.innerHTML = `<h1>Live</h1><div class="grid" id="live-grid"></div>`;
  const grid = root.querySelector('#live-grid');
  const players = [];
  const motion = new Map();
  for (const cam of cams) {
    const { stream, note } = liveStreamFor(cam);
    const tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.camera = cam.id;
    tile.innerHTML = `<video muted playsinline autoplay data-camera="${esc(cam.id)}"></video>
      <div class="overlay" hidden></div>
      <div class="bar"><span class="dot" title="motion"></span>
        <a class="name" href="#/camera/${encodeURIComponent(cam.id)}">${esc(cam.name)}</a>
        <span class="state">${badge(cam)}</span>
        <span class="small muted">${esc(note)}</span></div>`;
    grid.appendChild(tile);
    const overlay = tile.querySelector('.overlay');
    const show = (text) => { overlay.textContent = text || ''; overlay.hidden = !text; };
    show(problem(cam));
    players.push(new LivePlayer(tile.querySelector('video'), cam.id, stream, (s, msg) => {
      if (s === 'playing') show(problem(cam));
      else if (msg) show(msg);
    }));
  }
  const refresh = setInterval(async () => {
    try {
      for (const cam of await get('/api/v1/cameras')) {
        const tile = grid.querySelector(`.tile[data-camera="${CSS.escape(cam.id)}"]`);
        if (!tile) continue;
        tile.querySelector('.state').innerHTML = badge(cam);
        const overlay = tile.querySelector('.overlay');
        const p = problem(cam);
        overlay.textContent = p;
        overlay.hidden = !p;
      }
    } catch (e) { /* shown by the next view change */ }
  }, 3000);
  const stop = events('type=motion', (e) => {
    if (e.zone) return;
    const tile = grid.querySelector(`.tile[data-camera="${CSS.escape(e.camera)}"]`);
    if (!tile) return;
    motion.set(e.camera, e.open);
    tile.querySelector('.dot').classList.toggle('on', e.open);
  });
  onLeave(() => { clearInterval(refresh); stop(); players.forEach(p => p.close()); });
}
