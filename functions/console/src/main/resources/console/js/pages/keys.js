// Keys: every key the caller may see, with its last use and 30-day spend; create one (the secret
// is shown once, with a copy button), rotate with a grace period, revoke after a confirmation.

import { api } from '../api.js';
import { el, section, table, errorBox, loading, clear, field, select, confirmDialog, secretPanel, fieldError, clearFieldErrors, notice } from '../ui.js';
import { usd, micros, when, daysAgo } from '../format.js';

const GRACE = [['0', 'none: the old secret stops now'], ['3600', '1 hour'], ['86400', '1 day'], ['604800', '7 days']];

export async function keys(root, ctx, current) {
  root.append(el('h1', { text: 'API keys' }));
  const flash = el('div', { id: 'keys-flash' });
  const listBox = el('div', {}, loading());
  const [users, projects] = await Promise.all([
    api.all(ctx.path('/users'), { status: 'active' }).catch(() => []),
    api.all(ctx.path('/projects'), { status: 'active' }).catch(() => []),
  ]);
  if (!current()) return;
  const userName = new Map(users.map((u) => [u.userId, u.name]));
  const projectName = new Map(projects.map((p) => [p.projectId, p.name]));

  const name = el('input', { name: 'name', id: 'key-name', required: true, maxlength: 100 });
  const type = select('type', [['app', 'App key (calls models)'], ['admin', 'Admin key (this console and the admin API)']], 'app', { id: 'key-type' });
  const user = select('userId', users.map((u) => [u.userId, `${u.name} <${u.email}>`]), ctx.me.userId, { id: 'key-user' });
  const project = select('projectId', projects.map((p) => [p.projectId, p.name]), projects[0] && projects[0].projectId, { id: 'key-project' });
  const projectField = field('Project', project, 'App keys belong to one project of the user\'s department.');
  type.addEventListener('change', () => { projectField.hidden = type.value !== 'app'; });
  const createForm = el('form', { class: 'card inline-form', id: 'key-create', onsubmit: async (e) => {
    e.preventDefault();
    clearFieldErrors(createForm);
    clear(flash);
    const body = { name: name.value.trim(), userId: user.value, type: type.value };
    if (type.value === 'app') body.projectId = project.value;
    try {
      const created = await api.post(ctx.path('/keys'), body);
      name.value = '';
      flash.append(secretPanel(`Key "${created.name}" created`, created.secret));
      await refresh();
    } catch (error) {
      if (!(error.status === 400 && fieldError(createForm, error.param, error.message))) flash.append(errorBox(error, 'create the key'));
    }
  } }, el('h2', { text: 'New key' }), field('Name', name), field('Type', type), field('User', user), projectField,
  el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'key-create-submit' }, 'Create key')));

  async function rotate(key) {
    const grace = select('gracePeriodSeconds', GRACE, '86400', { id: 'rotate-grace' });
    const ok = await confirmDialog(`Rotate "${key.name}"?`, 'A new secret works at once; the old one keeps working for the grace period, then stops.',
      'Rotate', field('Old secret keeps working for', grace));
    if (!ok) return;
    clear(flash);
    try {
      const rotated = await api.post(ctx.path(`/keys/${encodeURIComponent(key.keyId)}/rotate`), { gracePeriodSeconds: Number(grace.value) });
      flash.append(secretPanel(`New secret for "${rotated.name}"`, rotated.secret));
      await refresh();
    } catch (error) { flash.append(errorBox(error, 'rotate the key')); }
  }

  async function revoke(key) {
    const ok = await confirmDialog(`Revoke "${key.name}"?`,
      'Every secret of this key stops working (within a minute on warm gateway instances). This cannot be undone.', 'Revoke');
    if (!ok) return;
    clear(flash);
    try {
      await api.post(ctx.path(`/keys/${encodeURIComponent(key.keyId)}/revoke`));
      flash.append(notice(`Key "${key.name}" revoked.`, 'ok'));
      await refresh();
    } catch (error) { flash.append(errorBox(error, 'revoke the key')); }
  }

  async function refresh() {
    const [list, activity] = await Promise.all([
      api.all(ctx.path('/keys')),
      ctx.can.analytics ? api.get(ctx.path('/analytics/keys'), ctx.scoped({ from: daysAgo(29) })).catch(() => null) : Promise.resolve(null),
    ]);
    if (!current()) return;
    const spendOf = new Map((activity ? activity.data : []).map((a) => [a.keyId, micros(a.costUsdMicros)]));
    const columns = [
      { key: 'name', label: 'Name', value: (k) => k.name },
      { key: 'type', label: 'Type', value: (k) => k.type },
      { key: 'user', label: 'User', value: (k) => userName.get(k.userId) || k.userId },
      { key: 'project', label: 'Project', value: (k) => (k.projectId ? projectName.get(k.projectId) || k.projectId : '—') },
      { key: 'status', label: 'Status', value: (k) => el('span', { class: `badge ${k.status}`, text: k.status }) , sort: (k) => k.status },
      { key: 'lastUsedAt', label: 'Last used', value: (k) => when(k.lastUsedAt), sort: (k) => k.lastUsedAt || '' },
    ];
    if (activity) columns.push({ key: 'spend', label: 'Spent, 30 days', numeric: true, value: (k) => usd(spendOf.get(k.keyId) || 0n), sort: (k) => spendOf.get(k.keyId) || 0n });
    columns.push({ key: 'actions', label: '', value: (k) => (k.status === 'active' && ctx.can.manageKeys ? el('span', { class: 'row-actions' },
      el('button', { type: 'button', class: 'secondary small', dataset: { action: 'rotate' }, onclick: () => rotate(k) }, 'Rotate'),
      el('button', { type: 'button', class: 'danger small', dataset: { action: 'revoke' }, onclick: () => revoke(k) }, 'Revoke')) : ''), sort: () => '' });
    clear(listBox).append(table('keys', columns, list, { rowId: (k) => k.keyId, empty: 'No keys you may see.', sortBy: { key: 'status', dir: 1 } }));
  }

  root.append(flash, ctx.can.manageKeys && users.length > 0 ? createForm : null, section('Keys', listBox));
  try {
    await refresh();
  } catch (error) {
    if (current()) clear(listBox).append(errorBox(error, 'list the keys'));
  }
}
