// Organisation: departments, projects, users and their roles, and (for tenant admins) the audit
// log with filters, read page by page.

import { api } from '../api.js';
import { el, section, table, errorBox, loading, clear, field, select } from '../ui.js';
import { when } from '../format.js';

const KINDS = ['tenant', 'department', 'project', 'user', 'key', 'budget', 'policy', 'routing', 'pricing'];

export async function organisation(root, ctx, current) {
  root.append(el('h1', { text: 'Organisation' }));
  const [departments, projects, users] = await Promise.all([
    api.all(ctx.path('/departments')).catch((e) => e),
    api.all(ctx.path('/projects')).catch((e) => e),
    api.all(ctx.path('/users')).catch((e) => e),
  ]);
  if (!current()) return;
  const list = (value, what, render) => (value instanceof Error ? errorBox(value, `list the ${what}`) : render(value));
  const deptName = new Map(Array.isArray(departments) ? departments.map((d) => [d.departmentId, d.name]) : []);
  root.append(el('div', { class: 'grid' },
    section('Departments', list(departments, 'departments', (rows) => table('departments', [
      { key: 'name', label: 'Name', value: (d) => d.name },
      { key: 'departmentId', label: 'Id', value: (d) => d.departmentId },
      { key: 'status', label: 'Status', value: (d) => d.status },
    ], rows, { rowId: (d) => d.departmentId }))),
    section('Projects', list(projects, 'projects', (rows) => table('projects', [
      { key: 'name', label: 'Name', value: (p) => p.name },
      { key: 'department', label: 'Department', value: (p) => deptName.get(p.departmentId) || p.departmentId },
      { key: 'status', label: 'Status', value: (p) => p.status },
    ], rows, { rowId: (p) => p.projectId })))),
  section('Users', list(users, 'users', (rows) => table('users', [
    { key: 'name', label: 'Name', value: (u) => u.name },
    { key: 'email', label: 'E-mail', value: (u) => u.email },
    { key: 'role', label: 'Role', value: (u) => u.role },
    { key: 'department', label: 'Department', value: (u) => (u.departmentId ? deptName.get(u.departmentId) || u.departmentId : '—') },
    { key: 'status', label: 'Status', value: (u) => u.status },
  ], rows, { rowId: (u) => u.userId }))));

  if (!ctx.can.audit) return;
  // the audit log: newest first, a page at a time; the filters apply to what has been read
  const entries = [];
  let token = null;
  let started = false;
  const action = select('action', [['', 'Any change'], ...KINDS.map((k) => [k, `${k}.*`])], '', { id: 'audit-action' });
  const actor = el('input', { name: 'actor', id: 'audit-actor', placeholder: 'user id, key id, bootstrap-key…' });
  const since = el('input', { type: 'date', name: 'since', id: 'audit-since' });
  const box = el('div', {}, loading());
  const more = el('button', { type: 'button', class: 'secondary', id: 'audit-more', onclick: () => load() }, 'Older entries');
  const render = () => {
    const shown = entries.filter((a) => (!action.value || a.action.startsWith(`${action.value}.`))
      && (!actor.value.trim() || [a.actor.id, a.actor.keyId].some((v) => v && v.includes(actor.value.trim())))
      && (!since.value || a.at.slice(0, 10) >= since.value));
    clear(box).append(table('audit', [
      { key: 'at', label: 'When', value: (a) => when(a.at), sort: (a) => a.at },
      { key: 'actor', label: 'Who', value: (a) => `${a.actor.kind}:${a.actor.id}` },
      { key: 'action', label: 'Change', value: (a) => a.action },
      { key: 'target', label: 'What', value: (a) => `${a.target.kind} ${a.target.id}` },
    ], shown, { rowId: (a) => a.auditId, empty: started ? 'No entry matches.' : 'Loading…' }),
    el('p', { class: 'help', text: `${shown.length} of ${entries.length} entries read${token ? '; older ones on request' : ', all of them'}.` }));
    more.hidden = !token;
  };
  async function load() {
    try {
      const page = await api.page(ctx.path('/audit'), { limit: 100, nextToken: token });
      entries.push(...page.data);
      token = page.nextToken;
      started = true;
      if (current()) render();
    } catch (error) {
      if (current()) clear(box).append(errorBox(error, 'read the audit log'));
    }
  }
  [action, actor, since].forEach((input) => { input.addEventListener('input', render); input.addEventListener('change', render); });
  root.append(section('Audit log', el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
    field('Change', action), field('Who', actor), field('Since', since)), box, more));
  await load();
}
