// Cameras: the list, adding one (with a connection test), and the technician's view of each:
// health figures, retention achieved, recording gaps, the zone and mask editor with a motion overlay.
import { get, post, put, del, esc, bytes, localTime } from '../api.js';
import { onLeave, atLeast, notice } from '../app.js';
import { LivePlayer } from '../liveplayer.js';
import { badge, problem, liveStreamFor, events, today, dayStart } from './common.js';

function cameraForm(c = {}) {
  const v = (k, d = '') => esc(c[k] ?? d);
  return `<div class="row"><div><label>Id</label><input name="id" value="${v('id')}" ${c.id ? 'disabled' : ''} required pattern="[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"></div>
    <div><label>Name</label><input name="name" value="${v('name')}"></div></div>
    <label>Main stream URL</label><input name="url" value="${v('url')}" placeholder="rtsp://192.168.1.20:554/stream1" style="width:100%" required>
    <label>Sub-stream URL (optional, used for analytics and browser preview)</label><input name="subUrl" value="${v('subUrl')}" style="width:100%">
    <div class="row"><div><label>User</label><input name="user" value="${v('user')}" autocomplete="off"></div>
    <div><label>Password ${c.hasPassword ? '(set; leave empty to keep)' : ''}</label><input name="password" type="password" autocomplete="new-password"></div>
    <div><label>Transport</label><select name="transport"><option ${c.transport !== 'udp' ? 'selected' : ''}>tcp</option><option ${c.transport === 'udp' ? 'selected' : ''}>udp</option></select></div>
    <div><label>Record</label><select name="record">${['continuous', 'motion', 'off'].map(m => `<option ${c.record === m ? 'selected' : ''}>${m}</option>`).join('')}</select></div>
    <div><label>Pre/post seconds</label><input name="prePostSeconds" type="number" min="0" max="300" value="${v('prePostSeconds', 5)}"></div></div>`;
}

function formBody(form, base = {}) {
  const f = new FormData(form);
  const body = { ...base };
  for (const k of ['id', 'name', 'url', 'subUrl', 'user', 'password', 'transport', 'record']) {
    const val = f.get(k);
    if (val !== null && val !== '') body[k] = val; else if (k !== 'id') delete body[k];
  }
  body.prePostSeconds = Number(f.get('prePostSeconds') || 5);
  return body;
}

async function testConnection(form, out) {
  const f = new FormData(form);
  out.textContent = 'Testing…';
  try {
    const r = await post('/api/v1/probe', { url: f.get('url'), user: f.get('user') || null, password: f.get('password') || null, transport: f.get('transport') });
    out.textContent = (r.ok ? '✔ ' : '✘ ') + r.report;
  } catch (e) { out.textContent = '✘ ' + e.message; }
}

/** The site's nodes, when this server is one node of a cluster (else nothing). */
async function nodesPanel() {
  let c;
  try { c = await get('/api/v1/cluster'); } catch (e) { return ''; }
  const unassigned = c.cameras.filter(a => !a.node).map(a => a.camera);
  return `<div class="panel" id="cluster-nodes"><h2 style="margin-top:0">Nodes</h2>
    <p class="small muted">This is node ${esc(c.node)}${c.controller ? ', the controller' : ''}; ${c.connected ? 'it reaches ZooKeeper' : 'it cannot reach ZooKeeper now (it keeps recording what it has)'}.</p>
    <table><thead><tr><th>Node</th><th>Cameras</th><th>Address</th></tr></thead><tbody>
    ${c.members.map(m => `<tr data-node="${esc(m.node)}"><td>${esc(m.node)}</td><td>${esc(m.cameras)} of ${esc(m.capacityCameras)}</td><td class="small">${esc(m.httpAddress)}</td></tr>`).join('')}
    ${c.nodesDown.map(n => `<tr data-node="${esc(n)}"><td>${esc(n)} <span class="badge bad">down</span></td><td>—</td><td></td></tr>`).join('')}</tbody></table>
    ${unassigned.length ? `<p class="small">Not recorded by any node (no capacity left, or the only node down): ${esc(unassigned.join(', '))}</p>` : ''}</div>`;
}

export async function camerasView(root) {
  const [cams, nodes] = await Promise.all([get('/api/v1/cameras'), nodesPanel()]);
  root.innerHTML = `<h1>Cameras</h1>${nodes}
    <div class="panel"><table id="cam-table"><thead><tr><th>Camera</th><th>State</th><th>Codec</th><th>Record</th><th>Problem</th></tr></thead><tbody>
    ${cams.map(c => `<tr data-camera="${esc(c.id)}"><td><a href="#/camera/${encodeURIComponent(c.id)}">${esc(c.name)}</a><br><span class="small muted">${esc(c.id)} · ${esc(c.source)}</span></td>
      <td>${badge(c)}</td><td>${esc(c.codec || '')} ${c.width ? c.width + '×' + c.height : ''}</td><td>${esc(c.record)}</td>
      <td class="small">${esc(problem(c))}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">No cameras.</td></tr>'}</tbody></table></div>
    ${atLeast('admin') ? `<form class="panel" id="cam-add"><h2>Add a camera</h2>${cameraForm()}
      <div class="row" style="margin-top:.8rem"><button type="button" id="cam-test">Test connection</button><button class="primary" type="submit">Add camera</button></div>
      <pre class="report" id="cam-test-out" hidden></pre></form>` : ''}`;
  const form = root.querySelector('#cam-add');
  if (form) {
    const out = root.querySelector('#cam-test-out');
    root.querySelector('#cam-test').addEventListener('click', () => { out.hidden = false; testConnection(form, out); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const c = await post('/api/v1/cameras', formBody(form));
        location.hash = '#/camera/' + encodeURIComponent(c.id);
      } catch (err) { notice(err.message); }
    });
  }
}

export async function cameraView(root, id) {
  const cam = await get('/api/v1/cameras/' + encodeURIComponent(id));
  const admin = atLeast('admin');
  const { stream, note } = liveStreamFor(cam);
  root.innerHTML = `<h1>${esc(cam.name)} <span id="cam-badge">${badge(cam)}</span></h1>
    <div class="players" style="grid-template-columns: minmax(0,3fr) minmax(0,2fr)">
      <div><div class="tile"><video id="cam-live" muted playsinline autoplay data-camera="${esc(cam.id)}"></video><div class="overlay" id="cam-overlay" hidden></div></div>
        <p class="small muted">${esc(note)}</p></div>
      <div class="panel"><h2 style="margin-top:0">Health</h2><table class="kv" id="cam-health"></table></div>
    </div>
    <div class="panel"><h2 style="margin-top:0">Retention</h2><table class="kv" id="cam-retention"></table>
      <h2>Recording gaps today</h2><ul id="cam-gaps" class="small"></ul></div>
    <div class="panel" id="cam-cluster" hidden><h2 style="margin-top:0">Cluster</h2><p id="cam-cluster-now"></p>
      <table><thead><tr><th>Node</th><th>Epoch</th><th>From</th><th>Until</th></tr></thead><tbody id="cam-cluster-history"></tbody></table></div>
    <div class="panel"><h2 style="margin-top:0">Zones and masks</h2>
      <p class="small muted">Click on the picture to place points; a mask hides an area from motion detection, a zone reports its own motion.
      Yellow boxes show motion as it is detected, to tune the sensitivity.</p>
      <div class="row"><button id="zm-mask">New mask</button><button id="zm-zone">New zone…</button><button id="zm-clear">Clear all</button>
        <label class="row">Sensitivity <input type="range" id="zm-sens" min="0" max="1" step="0.05" value="${cam.analytics?.sensitivity ?? 0.5}"> <span id="zm-sens-v"></span></label>
        ${admin ? '<button class="primary" id="zm-save">Save</button>' : '<span class="small muted">(admins can save)</span>'}</div>
      <div class="editor" id="zm-editor" style="margin-top:.6rem"><img id="zm-image" alt="camera picture"><canvas id="zm-canvas"></canvas></div></div>
    ${admin ? `<form class="panel" id="cam-edit"><h2 style="margin-top:0">Settings</h2>
      ${cam.source === 'file' ? '<p class="muted">This camera is defined in the configuration file; change it there.</p>' : cameraForm(cam)
        + `<div class="row" style="margin-top:.8rem"><button type="button" id="cam-test">Test connection</button><button class="primary" type="submit">Save</button>
        <button type="button" class="danger" id="cam-delete">Delete camera</button></div><pre class="report" id="cam-test-out" hidden></pre>`}</form>` : ''}`;

  const overlay = root.querySelector('#cam-overlay');
  const player = new LivePlayer(root.querySelector('#cam-live'), cam.id, stream, (s, m) => { overlay.textContent = m || ''; overlay.hidden = !m; });

  async function refresh() {
    const [h, c] = await Promise.all([get(`/api/v1/cameras/${encodeURIComponent(id)}/health`), get('/api/v1/cameras/' + encodeURIComponent(id))]);
    root.querySelector('#cam-badge').innerHTML = badge(c);
    const m = h.main;
    const fpsWarn = m.expectedFps > 0 && m.fps < m.expectedFps * 0.9 ? ' ⚠ below the expected rate' : '';
    const rows = [['State', m.state + (m.lastError ? ' — ' + m.lastError : '')], ['Recording', h.recording],
      ['Frame rate', `${m.fps} fps` + (m.expectedFps ? ` (camera says ${m.expectedFps})` : '') + fpsWarn],
      ['Bitrate', `${(m.bitrate / 1e6).toFixed(2)} Mbit/s`], ['GOP', `${m.gopFrames} frames`],
      ['Packet loss', `${m.packetsLost} of ${m.packetsReceived + m.packetsLost} (${m.lossPercent} %)`], ['Reconnects', m.reconnects],
      ['Codec', `${m.codec || '?'} ${m.codecString || ''}`], ['Resolution', m.width ? `${m.width}×${m.height}` : '?'],
      ['Server / firmware', m.server || 'not given'], ['Transport / auth', `${m.transport || '?'} / ${m.auth || '?'}`],
      ['Frames written / dropped', h.writer ? `${h.writer.framesWritten} / ${h.writer.framesDropped}` : '—'],
      ['Analytics', h.analytics ? `${h.analytics.analysed} analysed, ${h.analytics.dropped} skipped` : 'off'], ['Live viewers', h.liveViewers]];
    if (h.sub) rows.push(['Sub-stream', `${h.sub.state}, ${h.sub.fps} fps, ${h.sub.width}×${h.sub.height}`]);
    root.querySelector('#cam-health').innerHTML = rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('');
    const r = h.retention;
    root.querySelector('#cam-retention').innerHTML = [['Oldest footage', r.oldest || 'none'], ['Kept', `${r.keptDays} days`],
      ['Target', r.targetDays ? `${r.targetDays} days` : 'no age limit'], ['Target met', r.targetMet ? 'yes' : 'not yet'],
      ['Recorded', `${r.recordedHours} h in ${r.files} files, ${bytes(r.bytes)}`]]
      .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('');
  }
  async function gaps() {
    const from = dayStart(today());
    const spans = await get(`/api/v1/cameras/${encodeURIComponent(id)}/spans?from=${from}&to=${Date.now()}`);
    const g = spans.filter(s => !s.recorded);
    root.querySelector('#cam-gaps').innerHTML = g.map(s => `<li>${esc(localTime(s.startMs))} – ${esc(localTime(s.endMs))}: ${esc(s.reason || 'not recorded')}</li>`).join('')
      || '<li class="muted">none</li>';
  }
  async function clusterHistory() {
    let h;
    try { h = await get(`/api/v1/cluster/cameras/${encodeURIComponent(id)}`); } catch (e) { return; } // not in a cluster
    root.querySelector('#cam-cluster').hidden = false;
    root.querySelector('#cam-cluster-now').textContent = h.node ? `Recorded by node ${h.node} (assignment epoch ${h.epoch}).`
      : 'No node records this camera now (no capacity left, or its only node is down).';
    root.querySelector('#cam-cluster-history').innerHTML = h.history.slice().reverse().map(s => `<tr data-node="${esc(s.node)}"><td>${esc(s.node)}${s.live ? '' : ' <span class="badge bad">down</span>'}</td>
      <td>${esc(s.epoch)}</td><td>${esc(localTime(s.fromMs))}</td><td>${s.toMs ? esc(localTime(s.toMs)) : 'now'}</td></tr>`).join('')
      || '<tr><td colspan="4" class="muted">not recorded yet</td></tr>';
  }
  await refresh().catch(e => notice(e.message));
  gaps().catch(() => {});
  clusterHistory();
  const timer = setInterval(() => refresh().catch(() => {}), 2000);

  // zones and masks
  const a = cam.analytics || { masks: [], zones: {} };
  const shapes = [...(a.masks || []).map(p => ({ kind: 'mask', name: null, points: p })),
    ...Object.entries(a.zones || {}).map(([n, p]) => ({ kind: 'zone', name: n, points: p }))];
  let current = null;
  const boxes = [];
  const img = root.querySelector('#zm-image');
  const canvas = root.querySelector('#zm-canvas');
  const sens = root.querySelector('#zm-sens');
  root.querySelector('#zm-sens-v').textContent = sens.value;
  sens.addEventListener('input', () => { root.querySelector('#zm-sens-v').textContent = sens.value; });
  img.src = `/api/v1/cameras/${encodeURIComponent(id)}/snapshot.jpg?width=960`;
  img.addEventListener('load', () => { canvas.width = img.naturalWidth; canvas.height = img.naturalHeight; draw(); });
  function draw() {
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    for (const s of shapes) {
      g.beginPath();
      s.points.forEach(([x, y], i) => (i ? g.lineTo : g.moveTo).call(g, x * canvas.width, y * canvas.height));
      g.closePath();
      g.fillStyle = s.kind === 'mask' ? 'rgba(0,0,0,.55)' : 'rgba(89,194,255,.25)';
      g.strokeStyle = s.kind === 'mask' ? '#888' : '#59c2ff';
      g.lineWidth = 2;
      g.fill(); g.stroke();
      if (s.name && s.points.length) { g.fillStyle = '#fff'; g.font = '16px sans-serif'; g.fillText(s.name, s.points[0][0] * canvas.width + 4, s.points[0][1] * canvas.height + 18); }
    }
    g.strokeStyle = '#f2b64c'; g.lineWidth = 3;
    const now = Date.now();
    for (const b of boxes) if (now - b.at < 3000) g.strokeRect(b.x * canvas.width, b.y * canvas.height, b.w * canvas.width, b.h * canvas.height);
  }
  canvas.addEventListener('click', (e) => {
    if (!current) return;
    const r = canvas.getBoundingClientRect();
    current.points.push([+((e.clientX - r.left) / r.width).toFixed(4), +((e.clientY - r.top) / r.height).toFixed(4)]);
    draw();
  });
  root.querySelector('#zm-mask').addEventListener('click', () => { current = { kind: 'mask', name: null, points: [] }; shapes.push(current); });
  root.querySelector('#zm-zone').addEventListener('click', () => {
    const name = prompt('Zone name (e.g. porch)');
    if (name) { current = { kind: 'zone', name, points: [] }; shapes.push(current); }
  });
  root.querySelector('#zm-clear').addEventListener('click', () => { shapes.length = 0; current = null; draw(); });
  const save = root.querySelector('#zm-save');
  if (save) save.addEventListener('click', async () => {
    const valid = shapes.filter(s => s.points.length >= 3);
    const analytics = { ...a, sensitivity: Number(sens.value), masks: valid.filter(s => s.kind === 'mask').map(s => s.points),
      zones: Object.fromEntries(valid.filter(s => s.kind === 'zone').map(s => [s.name, s.points])) };
    const body = { name: cam.name, url: cam.url, subUrl: cam.subUrl, user: cam.user, transport: cam.transport, record: cam.record,
      prePostSeconds: cam.prePostSeconds, retention: cam.retention, timeZone: cam.timeZone, analytics };
    Object.keys(body).forEach(k => body[k] == null && delete body[k]);
    try { await put('/api/v1/cameras/' + encodeURIComponent(id), body); notice('Saved: analytics use the new settings now', 'info'); current = null; }
    catch (e) { notice(e.message); }
  });
  const stopEvents = events('camera=' + encodeURIComponent(id) + '&type=motion', (e) => {
    if (e.box) { boxes.push({ ...e.box, at: Date.now() }); if (boxes.length > 20) boxes.shift(); draw(); }
  });
  const redraw = setInterval(draw, 500);

  const edit = root.querySelector('#cam-edit');
  if (edit && cam.source !== 'file') {
    const out = root.querySelector('#cam-test-out');
    root.querySelector('#cam-test').addEventListener('click', () => { out.hidden = false; testConnection(edit, out); });
    edit.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await put('/api/v1/cameras/' + encodeURIComponent(id), formBody(edit, { analytics: cam.analytics, retention: cam.retention, timeZone: cam.timeZone }));
        notice('Saved', 'info');
      } catch (err) { notice(err.message); }
    });
    root.querySelector('#cam-delete').addEventListener('click', async () => {
      if (!confirm(`Delete camera ${cam.name}? Its recordings are kept.`)) return;
      try { await del('/api/v1/cameras/' + encodeURIComponent(id)); location.hash = '#/cameras'; } catch (err) { notice(err.message); }
    });
  }
  onLeave(() => { clearInterval(timer); clearInterval(redraw); stopEvents(); player.close(); });
}
