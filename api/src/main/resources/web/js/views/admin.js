// Admin: users, roles, per-camera permissions, and the audit log.
import { get, post, put, del, esc, localDateTime } from '../api.js';
import { atLeast, notice } from '../app.js';

export async function adminView(root) {
  if (!atLeast('admin')) {
    root.innerHTML = `<div class="panel" id="not-allowed"><h1>Admins only</h1><p>Your role cannot see user administration or the audit log.</p></div>`;
    return;
  }
  const [users, cams] = await Promise.all([get('/api/v1/users'), get('/api/v1/cameras')]);
  const camIds = cams.map(c => c.id);
  root.innerHTML = `<h1>Administration</h1>
    <div class="panel" id="admin-users"><h2 style="margin-top:0">Users</h2>
      <table><thead><tr><th>User</th><th>Role</th><th>Cameras (* = all)</th><th></th></tr></thead><tbody>
      ${users.map(u => `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td>
        <td><select class="u-role">${['metrics', 'viewer', 'operator', 'admin'].map(r => `<option ${u.role === r ? 'selected' : ''}>${r}</option>`).join('')}</select></td>
        <td><input class="u-cams" value="${esc([...u.cameras].join(', '))}" title="comma-separated camera ids: ${esc(camIds.join(', '))}"></td>
        <td class="row"><button class="u-save">Save</button><button class="u-pass">Set password…</button><button class="danger u-del">Delete</button></td></tr>`).join('')}
      </tbody></table>
      <form id="user-add" class="row" style="margin-top:.8rem">
        <input name="name" placeholder="user name" required><input name="password" type="password" placeholder="password (8+ characters)" required minlength="8">
        <select name="role"><option>metrics</option><option selected>viewer</option><option>operator</option><option>admin</option></select>
        <input name="cameras" placeholder="cameras (* = all)" value="*"><button class="primary">Add user</button></form></div>
    <div class="panel"><h2 style="margin-top:0">Audit log</h2><p class="small muted">Playback, exports, snapshots, holds, bookmarks, configuration and logins; newest first.</p>
      <table id="audit"><thead><tr><th>When</th><th>User</th><th>Action</th><th>Camera</th><th>Range</th><th>Detail</th></tr></thead><tbody></tbody></table></div>`;
  const cameras = (s) => s.split(',').map(x => x.trim()).filter(Boolean);
  root.querySelectorAll('#admin-users tbody tr').forEach(tr => {
    const name = tr.dataset.user;
    tr.querySelector('.u-save').addEventListener('click', async () => {
      try { await put('/api/v1/users/' + encodeURIComponent(name), { role: tr.querySelector('.u-role').value, cameras: cameras(tr.querySelector('.u-cams').value) }); notice('Saved', 'info'); }
      catch (e) { notice(e.message); }
    });
    tr.querySelector('.u-pass').addEventListener('click', async () => {
      const p = prompt(`New password for ${name} (8+ characters)`);
      if (!p) return;
      try { await put('/api/v1/users/' + encodeURIComponent(name), { password: p }); notice('Password changed', 'info'); } catch (e) { notice(e.message); }
    });
    tr.querySelector('.u-del').addEventListener('click', async () => {
      if (!confirm(`Delete user ${name}?`)) return;
      try { await del('/api/v1/users/' + encodeURIComponent(name)); tr.remove(); } catch (e) { notice(e.message); }
    });
  });
  root.querySelector('#user-add').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      await post('/api/v1/users', { name: f.name.value, password: f.password.value, role: f.role.value, cameras: cameras(f.cameras.value) });
      adminView(root);
    } catch (err) { notice(err.message); }
  });
  const audit = await get('/api/v1/audit?limit=2000');
  root.querySelector('#audit tbody').innerHTML = audit.slice(-300).reverse().map(a => `<tr><td class="small">${esc(localDateTime(Date.parse(a.time)))}</td>
    <td>${esc(a.user)}</td><td>${esc(a.action)}</td><td>${esc(a.camera || '')}</td>
    <td class="small">${a.from ? esc(localDateTime(Date.parse(a.from))) + (a.to ? ' – ' + esc(localDateTime(Date.parse(a.to))) : '') : ''}</td>
    <td class="small">${esc(a.detail || '')}</td></tr>`).join('');
}
