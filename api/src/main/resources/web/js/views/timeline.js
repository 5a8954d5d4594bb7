// One camera's day as a bar: recorded spans, gaps (with their reasons), motion density, event
// markers, smart-search hits, the play cursor and an export selection. Click plays; drag selects.
import { esc, localTime } from '../api.js';

export class Timeline {
  constructor(host, from, to, { onPlay, onSelect }) {
    this.from = from; this.to = to; this.onPlay = onPlay; this.onSelect = onSelect;
    this.el = document.createElement('div');
    this.el.className = 'timeline';
    host.appendChild(this.el);
    this.cursor = document.createElement('div');
    this.cursor.className = 'cursor';
    this.cursor.hidden = true;
    this.sel = document.createElement('div');
    this.sel.className = 'selection';
    this.sel.hidden = true;
    this.el.append(this.cursor, this.sel);
    let down = null;
    this.el.addEventListener('mousedown', (e) => { down = this.timeAt(e); });
    this.el.addEventListener('mousemove', (e) => {
      if (down != null && Math.abs(this.timeAt(e) - down) > (this.to - this.from) / 300) this.select(down, this.timeAt(e));
    });
    window.addEventListener('mouseup', this.up = (e) => {
      if (down == null) return;
      const t = this.timeAt(e);
      if (Math.abs(t - down) > (this.to - this.from) / 300) {
        this.select(down, t);
        this.onSelect && this.onSelect(Math.min(down, t), Math.max(down, t));
      } else {
        this.onPlay && this.onPlay(down);
      }
      down = null;
    });
  }

  timeAt(e) {
    const r = this.el.getBoundingClientRect();
    const x = Math.min(Math.max(e.clientX - r.left, 0), r.width);
    return Math.round(this.from + (x / r.width) * (this.to - this.from));
  }

  pct(t) { return ((t - this.from) / (this.to - this.from)) * 100; }

  box(cls, a, b, title) {
    const d = document.createElement('div');
    d.className = cls;
    const l = Math.max(0, this.pct(a)), r = Math.min(100, this.pct(b));
    if (r <= l) return null;
    d.style.left = l + '%';
    d.style.width = Math.max(r - l, 0.15) + '%';
    if (title) d.title = title;
    this.el.insertBefore(d, this.cursor);
    return d;
  }

  spans(list) {
    for (const s of list) {
      const title = `${localTime(s.startMs)} – ${localTime(s.endMs)}` + (s.recorded ? ' recorded' : ': ' + (s.reason || 'not recorded'));
      this.box('span ' + (s.recorded ? 'recorded' : 'gap'), s.startMs, s.endMs, title);
    }
  }

  events(list) {
    const bins = new Array(144).fill(0);
    for (const e of list) {
      const m = document.createElement('div');
      m.className = 'marker';
      m.style.left = this.pct(e.startMs) + '%';
      m.title = `${e.type} at ${localTime(e.startMs)}`;
      this.el.insertBefore(m, this.cursor);
      const i = Math.floor(((e.startMs - this.from) / (this.to - this.from)) * bins.length);
      if (i >= 0 && i < bins.length && e.type === 'motion') bins[i]++;
    }
    const max = Math.max(1, ...bins);
    bins.forEach((n, i) => {
      if (!n) return;
      const d = document.createElement('div');
      d.className = 'density';
      d.style.left = (i / bins.length) * 100 + '%';
      d.style.height = Math.max(2, (n / max) * 12) + 'px';
      d.title = `${n} motion events`;
      this.el.insertBefore(d, this.cursor);
    });
  }

  hits(list) {
    this.el.querySelectorAll('.hit').forEach(h => h.remove());
    for (const h of list) this.box('hit', h.startMs, Math.max(h.endMs, h.startMs + 1000), `motion in the region ${localTime(h.startMs)}`);
  }

  select(a, b) {
    this.sel.hidden = false;
    this.sel.style.left = this.pct(Math.min(a, b)) + '%';
    this.sel.style.width = Math.abs(this.pct(b) - this.pct(a)) + '%';
  }

  clearSelection() { this.sel.hidden = true; }

  at(t) {
    if (t == null || t < this.from || t > this.to) { this.cursor.hidden = true; return; }
    this.cursor.hidden = false;
    this.cursor.style.left = this.pct(t) + '%';
  }

  destroy() { window.removeEventListener('mouseup', this.up); }
}

export function hourLabels(host, from, to) {
  const h = document.createElement('div');
  h.className = 'hours';
  const steps = 8;
  for (let i = 0; i <= steps; i++) {
    const t = from + ((to - from) * i) / steps;
    const s = document.createElement('span');
    s.style.left = (i / steps) * 100 + '%';
    const d = new Date(t);
    s.textContent = to - from >= 86_400_000 ? String(d.getHours()).padStart(2, '0') + ':00'
      : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: to - from < 3_600_000 ? '2-digit' : undefined });
    h.appendChild(s);
  }
  host.appendChild(h);
  return h;
}

export { esc };
