// Review: a timeline per camera for a day (spans, gaps, motion density, events); click plays
// from that instant (several cameras in sync); speed, step; export a selected range; smart search.
import { get, post, del, esc, localTime, localDateTime, bytes } from '../api.js';
import { onLeave, atLeast, notice } from '../app.js';
import { Timeline, hourLabels } from './timeline.js';
import { RecordedPlayer } from './hlsplayer.js';
import { today, dayStart } from './common.js';

export async function reviewView(root, arg) {
  const cams = await get('/api/v1/cameras');
  const params = new URLSearchParams(arg || '');
  const state = { date: params.get('date') || today(), selected: new Set(cams.slice(0, 4).map(c => c.id)), players: [], timelines: new Map(),
    selection: null, rate: 1 };
  root.innerHTML = `<h1>Review</h1>
    <div class="panel row">
      <label class="row">Day <input type="date" id="review-day" value="${state.date}"></label>
      <label class="row">Show <select id="review-zoom"><option value="day">the whole day</option><option value="3600000">the last hour</option>
        <option value="600000">the last 10 minutes</option></select></label>
      <span id="review-cams" class="row"></span>
    </div>
    <div id="review-rows" class="panel"></div>
    <div class="panel">
      <div class="row" id="review-controls">
        <button id="play-toggle" title="Play / pause">Play / Pause</button>
        <button id="step-back" title="One frame back">‹ Frame</button>
        <button id="step-fwd" title="One frame forward">Frame ›</button>
        <span class="row" id="speeds">${[1, 2, 4, 8].map(r => `<button data-rate="${r}" class="${r === 1 ? 'primary' : ''}">×${r}</button>`).join('')}</span>
        <span class="muted small" id="review-clock">Click a timeline to play from that moment; drag to select a range.</span>
      </div>
      <div class="players" id="review-players"></div>
    </div>
    <div class="panel" id="export-panel" ${atLeast('operator') ? '' : 'hidden'}>
      <h2>Export</h2>
      <p class="small muted" id="export-range">Drag on a timeline to choose a range, or type it.</p>
      <div class="row"><select id="export-camera">${cams.map(c => `<option value="${esc(c.id)}">${esc(c.name)}</option>`).join('')}</select>
        <label class="row">From <input type="datetime-local" step="1" id="export-from"></label>
        <label class="row">To <input type="datetime-local" step="1" id="export-to"></label>
        <button class="primary" id="export-start">Export</button></div>
      <table id="export-jobs"><thead><tr><th>Camera</th><th>Range</th><th>Progress</th><th></th></tr></thead><tbody></tbody></table>
    </div>
    <div class="panel" id="search-panel">
      <h2>Smart search</h2>
      <p class="small muted">Draw a rectangle on the picture; matching moments of the day appear in blue on the camera's timeline.</p>
      <div class="row"><select id="search-camera">${cams.map(c => `<option value="${esc(c.id)}">${esc(c.name)}</option>`).join('')}</select>
        <button id="search-run">Search this day</button><span id="search-result" class="small muted"></span></div>
      <div class="editor" id="search-editor"><img id="search-image" alt="camera picture"><canvas id="search-canvas"></canvas></div>
      <ul id="search-hits" class="small"></ul>
    </div>`;
  const camBox = root.querySelector('#review-cams');
  for (const c of cams) {
    const l = document.createElement('label');
    l.className = 'row small';
    l.innerHTML = `<input type="checkbox" value="${esc(c.id)}" ${state.selected.has(c.id) ? 'checked' : ''}> ${esc(c.name)}`;
    l.querySelector('input').addEventListener('change', (e) => {
      if (e.target.checked) state.selected.add(c.id); else state.selected.delete(c.id);
      drawRows();
    });
    camBox.appendChild(l);
  }
  root.querySelector('#review-day').addEventListener('change', (e) => { state.date = e.target.value; drawRows(); });
  root.querySelector('#review-zoom').addEventListener('change', () => drawRows());
  function visibleRange() {
    const zoom = root.querySelector('#review-zoom').value;
    if (zoom === 'day') { const from = dayStart(state.date); return [from, from + 86_400_000]; }
    const to = Date.now();
    return [to - Number(zoom), to];
  }

  const rows = root.querySelector('#review-rows');
  async function drawRows() {
    stopPlayers();
    state.timelines.forEach(t => t.destroy());
    state.timelines.clear();
    rows.innerHTML = '';
    const [from, to] = visibleRange();
    const until = Math.min(to, Date.now());
    hourLabels(rows, from, to);
    for (const id of state.selected) {
      const cam = cams.find(c => c.id === id);
      const row = document.createElement('div');
      row.className = 'cam-row';
      row.dataset.camera = id;
      row.innerHTML = `<div class="label"><strong>${esc(cam.name)}</strong><span class="small muted summary"></span></div>`;
      rows.appendChild(row);
      const tl = new Timeline(row, from, to, { onPlay: (t) => playAt(t), onSelect: (a, b) => selectRange(id, a, b) });
      state.timelines.set(id, tl);
      if (until <= from) continue;
      try {
        const spans = await get(`/api/v1/cameras/${encodeURIComponent(id)}/spans?from=${from}&to=${until}`);
        tl.spans(spans);
        const rec = spans.filter(s => s.recorded).reduce((n, s) => n + (s.endMs - s.startMs), 0);
        const events = await allEvents(id, from, until);
        tl.events(events);
        row.querySelector('.summary').textContent = `${(rec / 3600000).toFixed(1)} h recorded · ${events.length} events`;
      } catch (e) {
        row.querySelector('.summary').textContent = e.message;
      }
    }
  }

  async function allEvents(id, from, to) {
    let out = [], cursor = null;
    for (let page = 0; page < 5; page++) {
      const r = await get(`/api/v1/events?camera=${encodeURIComponent(id)}&from=${from}&to=${to}&limit=1000` + (cursor ? '&cursor=' + cursor : ''));
      out = out.concat(r.events);
      if (!r.next) break;
      cursor = r.next;
    }
    return out;
  }

  const playersBox = root.querySelector('#review-players');
  function stopPlayers() {
    state.players.forEach(p => p.player.destroy());
    state.players = [];
    playersBox.innerHTML = '';
  }

  function playAt(t) {
    stopPlayers();
    for (const id of state.selected) {
      const box = document.createElement('div');
      box.className = 'player';
      box.innerHTML = `<video muted playsinline data-camera="${esc(id)}"></video><span class="clock"></span><p class="small muted msg"></p>`;
      playersBox.appendChild(box);
      const video = box.querySelector('video');
      const player = new RecordedPlayer(video, id, t, Math.min(t + 3600_000, Date.now()), (m) => { box.querySelector('.msg').textContent = m; });
      video.playbackRate = state.rate;
      state.players.push({ id, player, video, box });
    }
  }

  const tick = setInterval(() => {
    const leader = state.players.find(p => p.player.wallMs() != null);
    if (!leader) return;
    const t = leader.player.wallMs();
    root.querySelector('#review-clock').textContent = localDateTime(t);
    for (const p of state.players) {
      const w = p.player.wallMs();
      p.box.querySelector('.clock').textContent = w ? `${p.id} · ${localTime(w)}` : p.id;
      if (p !== leader && w != null && Math.abs(w - t) > 300 && !p.video.seeking) {
        p.video.currentTime -= (w - t) / 1000; // keep the cameras in step
      }
      if (p !== leader && leader.video.paused !== p.video.paused) {
        if (leader.video.paused) p.video.pause(); else p.video.play().catch(() => {});
      }
    }
    state.timelines.forEach(tl => tl.at(t));
  }, 250);

  root.querySelector('#play-toggle').addEventListener('click', () => {
    const paused = state.players.length && state.players[0].video.paused;
    state.players.forEach(p => paused ? p.video.play().catch(() => {}) : p.video.pause());
  });
  const step = (d) => state.players.forEach(p => { p.video.pause(); p.video.currentTime = Math.max(0, p.video.currentTime + d); });
  root.querySelector('#step-back').addEventListener('click', () => step(-0.04));
  root.querySelector('#step-fwd').addEventListener('click', () => step(0.04));
  root.querySelectorAll('#speeds button').forEach(b => b.addEventListener('click', () => {
    state.rate = Number(b.dataset.rate);
    root.querySelectorAll('#speeds button').forEach(x => x.classList.toggle('primary', x === b));
    state.players.forEach(p => { p.video.playbackRate = state.rate; });
  }));

  // export
  function selectRange(id, a, b) {
    state.timelines.forEach((tl, k) => { if (k !== id) tl.clearSelection(); });
    root.querySelector('#export-range').textContent = `Selected ${Math.round((b - a) / 1000)} s of ${id}.`;
    root.querySelector('#export-camera').value = id;
    root.querySelector('#export-from').value = localInput(a);
    root.querySelector('#export-to').value = localInput(b);
  }
  const localInput = (ms) => { const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000); return d.toISOString().slice(0, 19); };
  root.querySelector('#export-start').addEventListener('click', async () => {
    const from = new Date(root.querySelector('#export-from').value).getTime();
    const to = new Date(root.querySelector('#export-to').value).getTime();
    if (!(from < to)) { notice('Choose a range: "From" must be before "To".'); return; }
    try {
      await post('/api/v1/exports', { camera: root.querySelector('#export-camera').value, from: String(from), to: String(to) });
      notice('Export started', 'info');
      refreshJobs();
    } catch (e) { notice(e.message); }
  });
  let lastJobs = null;
  async function refreshJobs() {
    if (!atLeast('operator')) return;
    const jobs = await get('/api/v1/exports').catch(() => []);
    // re-render only on a change: a rebuilt row loses the click of a user (or a test) on its link
    const shown = JSON.stringify(jobs);
    if (shown === lastJobs) return;
    lastJobs = shown;
    const body = root.querySelector('#export-jobs tbody');
    body.innerHTML = jobs.map(j => `<tr data-export="${esc(j.id)}" data-state="${esc(j.state)}"><td>${esc(j.camera)}</td>
      <td class="small">${esc(localDateTime(Date.parse(j.from)))} – ${esc(localTime(Date.parse(j.to)))}</td>
      <td>${j.state === 'failed' ? '<span style="color:var(--bad)">' + esc(j.error) + '</span>'
        : `<div class="progress"><div style="width:${Math.round(j.progress * 100)}%"></div></div><span class="small muted">${esc(j.state)} · ${bytes(j.bytes)}</span>`}</td>
      <td>${j.download ? `<a class="button export-download" href="${j.download}" download>MP4</a> <a class="button" href="${j.manifest}" download>Manifest</a>` : ''}
        <button class="link export-delete">remove</button></td></tr>`).join('');
    body.querySelectorAll('.export-delete').forEach(b => b.addEventListener('click', async () => {
      await del('/api/v1/exports/' + b.closest('tr').dataset.export).catch(e => notice(e.message));
      lastJobs = null;
      refreshJobs();
    }));
  }
  const jobsTimer = setInterval(refreshJobs, 1500);
  refreshJobs();

  // smart search
  const img = root.querySelector('#search-image');
  const canvas = root.querySelector('#search-canvas');
  const camSel = root.querySelector('#search-camera');
  let rect = null;
  const loadPicture = () => { img.src = `/api/v1/cameras/${encodeURIComponent(camSel.value)}/snapshot.jpg?width=640&_=${Date.now()}`; };
  camSel.addEventListener('change', loadPicture);
  img.addEventListener('load', () => { canvas.width = img.naturalWidth; canvas.height = img.naturalHeight; draw(); });
  img.addEventListener('error', () => { root.querySelector('#search-result').textContent = 'no live picture (camera offline?)'; });
  function draw() {
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (!rect) return;
    g.strokeStyle = '#59c2ff'; g.lineWidth = 3; g.fillStyle = 'rgba(89,194,255,.2)';
    const [x0, y0, x1, y1] = [rect.x0 * canvas.width, rect.y0 * canvas.height, rect.x1 * canvas.width, rect.y1 * canvas.height];
    g.fillRect(x0, y0, x1 - x0, y1 - y0); g.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }
  let start = null;
  const norm = (e) => { const r = canvas.getBoundingClientRect(); return [Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)), Math.min(1, Math.max(0, (e.clientY - r.top) / r.height))]; };
  canvas.addEventListener('mousedown', (e) => { start = norm(e); });
  canvas.addEventListener('mousemove', (e) => {
    if (!start) return;
    const p = norm(e);
    rect = { x0: Math.min(start[0], p[0]), y0: Math.min(start[1], p[1]), x1: Math.max(start[0], p[0]), y1: Math.max(start[1], p[1]) };
    draw();
  });
  canvas.addEventListener('mouseup', () => { start = null; });
  root.querySelector('#search-run').addEventListener('click', async () => {
    const id = camSel.value;
    const r = rect && rect.x1 - rect.x0 > 0.01 && rect.y1 - rect.y0 > 0.01 ? rect : { x0: 0, y0: 0, x1: 1, y1: 1 };
    const from = dayStart(state.date), to = Math.min(from + 86_400_000, Date.now());
    try {
      const hits = await get(`/api/v1/cameras/${encodeURIComponent(id)}/motion?from=${from}&to=${to}&region=${[r.x0, r.y0, r.x1, r.y1].map(v => v.toFixed(3)).join(',')}`);
      root.querySelector('#search-result').textContent = `${hits.length} interval(s) with motion in the region`;
      const tl = state.timelines.get(id);
      if (tl) tl.hits(hits);
      const list = root.querySelector('#search-hits');
      list.innerHTML = hits.slice(0, 200).map(h => `<li><button class="link" data-t="${h.startMs}">${esc(localTime(h.startMs))} – ${esc(localTime(h.endMs))}</button></li>`).join('');
      list.querySelectorAll('button').forEach(b => b.addEventListener('click', () => {
        if (!state.selected.has(id)) { state.selected.add(id); }
        playAt(Number(b.dataset.t) - 2000);
      }));
    } catch (e) { notice(e.message); }
  });
  loadPicture();
  await drawRows();
  onLeave(() => { clearInterval(tick); clearInterval(jobsTimer); stopPlayers(); state.timelines.forEach(t => t.destroy()); });
}
