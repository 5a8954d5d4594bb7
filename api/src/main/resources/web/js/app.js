// The single-page application: login, role-aware menu, hash routing to the views.
import { api, get, post, esc } from './api.js';
import { liveView } from './views/live.js';
import { reviewView } from './views/review.js';
import { eventsView } from './views/events.js';
import { camerasView, cameraView } from './views/cameras.js';
import { adminView } from './views/admin.js';

const state = { me: null, cleanup: [] };
const view = document.getElementById('view');

export function notice(message, kind = 'error') {
  const n = document.getElementById('notice');
  if (!message) { n.hidden = true; return; }
  n.textContent = message;
  n.className = kind === 'info' ? 'info' : '';
  n.hidden = false;
  if (kind === 'info') setTimeout(() => { if (n.textContent === message) n.hidden = true; }, 4000);
}

export function onLeave(fn) { state.cleanup.push(fn); }
export function me() { return state.me; }
export function atLeast(role) {
  const order = ['metrics', 'viewer', 'operator', 'admin'];
  return state.me && order.indexOf(state.me.role) >= order.indexOf(role);
}

function leave() {
  for (const fn of state.cleanup.splice(0)) { try { fn(); } catch (e) { /* ignore */ } }
}

function showLogin(message) {
  leave();
  state.me = null;
  document.getElementById('menu').hidden = true;
  document.getElementById('who').hidden = true;
  view.innerHTML = `<form class="panel login" id="login-form">
      <h1>Sign in to Nightjar</h1>
      <label for="login-user">User</label><input id="login-user" name="user" autocomplete="username" required>
      <label for="login-password">Password</label><input id="login-password" name="password" type="password" autocomplete="current-password" required>
      <p id="login-error" class="small" style="color:var(--bad)">${esc(message || '')}</p>
      <button class="primary" id="login-submit" type="submit">Sign in</button>
    </form>`;
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      await post('/api/v1/auth/login', { user: f.user.value, password: f.password.value });
      await start();
    } catch (err) {
      document.getElementById('login-error').textContent = err.message;
    }
  });
}

async function start() {
  try {
    state.me = await get('/api/v1/auth/me');
  } catch (e) {
    showLogin(e.status === 401 ? '' : e.message);
    return;
  }
  document.getElementById('menu').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${state.me.user} (${state.me.role})`;
  for (const a of document.querySelectorAll('#menu a[data-role]')) a.hidden = !atLeast(a.dataset.role);
  if (!location.hash || location.hash === '#/login') location.hash = '#/live';
  route();
}

async function route() {
  if (!state.me) return;
  leave();
  notice(null);
  const [, name, arg] = (location.hash || '#/live').split('/');
  for (const a of document.querySelectorAll('#menu a')) a.classList.toggle('active', a.dataset.view === name || (name === 'camera' && a.dataset.view === 'cameras'));
  const views = { live: liveView, review: reviewView, events: eventsView, cameras: camerasView, camera: cameraView, admin: adminView };
  const v = views[name] || liveView;
  view.innerHTML = '<p class="muted">Loading…</p>';
  try {
    await v(view, arg ? decodeURIComponent(arg) : null);
  } catch (e) {
    view.innerHTML = `<div class="panel"><h1>Something went wrong</h1><p>${esc(e.message)}</p></div>`;
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('nightjar:logged-out', () => showLogin('Your session ended; sign in again.'));
document.getElementById('logout').addEventListener('click', async () => {
  try { await api('POST', '/api/v1/auth/logout', {}); } catch (e) { /* already out */ }
  location.hash = '#/login';
  showLogin('');
});
start();
