// Events: a filterable list with snapshots; clicking one plays it with its pre/post time.
import { get, esc, localDateTime, localTime } from '../api.js';
import { onLeave } from '../app.js';
import { RecordedPlayer } from './hlsplayer.js';
import { today, dayStart, events as stream } from './common.js';

const TYPES = ['motion', 'light.change', 'tamper.covered', 'tamper.defocus', 'tamper.moved', 'activity.unusual'];
const PRE_POST_MS = 5000;

export async function eventsView(root) {
  const cams = await get('/api/v1/cameras');
  root.innerHTML = `<h1>Events</h1>
    <div class="panel row">
      <label class="row">Camera <select id="ev-camera"><option value="">all</option>${cams.map(c => `<option value="${esc(c.id)}">${esc(c.name)}</option>`).join('')}</select></label>
      <label class="row">Type <select id="ev-type"><option value="">all</option>${TYPES.map(t => `<option>${t}</option>`).join('')}</select></label>
      <label class="row">Day <input type="date" id="ev-day" value="${today()}"></label>
      <span class="small muted" id="ev-count"></span>
    </div>
    <div class="events" id="ev-list"></div>
    <div class="row"><button id="ev-more" hidden>Load more</button></div>`;
  const list = root.querySelector('#ev-list');
  let cursor = null;
  let shown = [];
  async function load(reset) {
    if (reset) { cursor = null; shown = []; list.innerHTML = ''; }
    const from = dayStart(root.querySelector('#ev-day').value), to = from + 86_400_000;
    const q = new URLSearchParams({ from, to, limit: 200 });
    if (root.querySelector('#ev-camera').value) q.set('camera', root.querySelector('#ev-camera').value);
    if (root.querySelector('#ev-type').value) q.set('type', root.querySelector('#ev-type').value);
    if (cursor) q.set('cursor', cursor);
    const r = await get('/api/v1/events?' + q);
    cursor = r.next;
    shown = shown.concat(r.events);
    render();
    root.querySelector('#ev-more').hidden = !cursor;
  }
  function render() {
    const newest = [...shown].sort((a, b) => b.startMs - a.startMs);
    root.querySelector('#ev-count').textContent = `${shown.length} event(s)` + (cursor ? ' so far' : '');
    list.innerHTML = newest.map(e => `<div class="event" data-event="${esc(e.id)}" tabindex="0">
      ${e.snapshotUrl ? `<img loading="lazy" src="${e.snapshotUrl}" alt="snapshot">` : '<img alt="">'}
      <div class="info"><strong>${esc(e.type)}</strong>${e.zone ? ' · zone ' + esc(e.zone) : ''} · ${esc(e.camera)}<br>
      <span class="muted">${esc(localDateTime(e.startMs))}${e.endMs ? ' – ' + esc(localTime(e.endMs)) : ' (ongoing)'}</span>
      ${e.detail ? `<br><span class="muted">${esc(e.detail)}</span>` : ''}</div></div>`).join('')
      || '<p class="muted">No events for this choice.</p>';
    list.querySelectorAll('.event').forEach(d => d.addEventListener('click', () => play(shown.find(e => e.id === d.dataset.event))));
  }
  function play(e) {
    const from = e.startMs - PRE_POST_MS;
    const to = Math.min((e.endMs || e.startMs + 30_000) + PRE_POST_MS, Date.now());
    const modal = document.createElement('div');
    modal.className = 'modal';
    modal.innerHTML = `<div class="box"><div class="row" style="justify-content:space-between"><strong>${esc(e.type)} · ${esc(e.camera)} ·
      ${esc(localDateTime(e.startMs))}</strong><button id="ev-close">Close</button></div>
      <div class="player"><video id="ev-video" controls muted playsinline></video></div><p class="small muted" id="ev-msg">
      Playing from ${PRE_POST_MS / 1000} s before to ${PRE_POST_MS / 1000} s after the event.</p></div>`;
    document.body.appendChild(modal);
    const player = new RecordedPlayer(modal.querySelector('#ev-video'), e.camera, from, to, (m) => { modal.querySelector('#ev-msg').textContent = m; });
    const close = () => { player.destroy(); modal.remove(); };
    modal.querySelector('#ev-close').addEventListener('click', close);
    modal.addEventListener('click', (x) => { if (x.target === modal) close(); });
    onLeave(close);
  }
  for (const id of ['#ev-camera', '#ev-type', '#ev-day']) root.querySelector(id).addEventListener('change', () => load(true));
  root.querySelector('#ev-more').addEventListener('click', () => load(false));
  await load(true);
  const stop = stream('', (e) => {
    const cam = root.querySelector('#ev-camera').value, type = root.querySelector('#ev-type').value;
    const from = dayStart(root.querySelector('#ev-day').value);
    if ((cam && e.camera !== cam) || (type && e.type !== type) || e.startMs < from || e.startMs >= from + 86_400_000) return;
    const i = shown.findIndex(x => x.id === e.id);
    if (i >= 0) shown[i] = e; else if (!cursor) shown.push(e);
    render();
  });
  onLeave(stop);
}
