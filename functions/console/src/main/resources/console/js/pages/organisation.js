// Organisation: departments, projects, users and their roles, and (for tenant admins) the audit
// log with filters, read page by page.

import { api } from '../api.js';
import { el, section, table, errorBox, loading, clear, field, select, fieldError, clearFieldErrors, notice } from '../ui.js';
import { when } from '../format.js';

const ROLES = [['member', 'member'], ['department_admin', 'department admin'], ['finance', 'finance'], ['tenant_admin', 'tenant admin']];
const KINDS = ['tenant', 'department', 'project', 'user', 'key', 'budget', 'policy', 'routing', 'pricing'];

// what the last create said, shown once by the page it renders again
let created = null;

export async function organisation(root, ctx, current) {
  root.append(el('h1', { text: 'Organisation' }));
  const flash = el('div', { id: 'org-flash' });
  root.append(flash);
  if (created) {
    flash.append(notice(created, 'ok'));
    created = null;
  }
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

  const creating = ctx.can.manageOrg || ctx.role === 'department_admin';
  if (creating && Array.isArray(departments)) {
    const ownDepartments = ctx.role === 'department_admin' ? departments.filter((d) => d.departmentId === ctx.departmentId) : departments;
    const submit = (form, path, body, what) => async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      clear(flash);
      try {
        const made = await api.post(ctx.path(path), body());
        created = `${what} "${made.name}" created.`;
        window.dispatchEvent(new HashChangeEvent('hashchange')); // render the page again, with it in the lists
      } catch (error) {
        if (!(error.status === 400 && fieldError(form, error.param, error.message))) flash.append(errorBox(error, `create the ${what.toLowerCase()}`));
      }
    };
    const forms = el('div', { class: 'grid' });
    if (ctx.can.manageOrg) {
      const name = el('input', { name: 'name', id: 'department-name', required: true });
      const form = el('form', { class: 'card inline-form', id: 'department-create' }, el('h2', { text: 'New department' }), field('Name', name),
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Create')));
      form.addEventListener('submit', submit(form, '/departments', () => ({ name: name.value.trim() }), 'Department'));
      forms.append(form);
    }
    const departmentOptions = ownDepartments.map((d) => [d.departmentId, d.name]);
    {
      const name = el('input', { name: 'name', id: 'project-name', required: true });
      const department = select('departmentId', departmentOptions, ctx.departmentId || (departmentOptions[0] || [])[0], { id: 'project-department' });
      const form = el('form', { class: 'card inline-form', id: 'project-create' }, el('h2', { text: 'New project' }), field('Name', name),
        field('Department', department), el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Create')));
      form.addEventListener('submit', submit(form, '/projects', () => ({ name: name.value.trim(), departmentId: department.value }), 'Project'));
      forms.append(form);
    }
    {
      const name = el('input', { name: 'name', id: 'user-name', required: true });
      const email = el('input', { name: 'email', id: 'user-email', type: 'email', required: true });
      const roles = ctx.role === 'department_admin' ? ROLES.slice(0, 2) : ROLES;
      const role = select('role', roles, 'member', { id: 'user-role' });
      const department = select('departmentId', [...(ctx.can.manageOrg ? [['', 'none (tenant-wide)']] : []), ...departmentOptions],
        ctx.departmentId || '', { id: 'user-department' });
      const form = el('form', { class: 'card inline-form', id: 'user-create' }, el('h2', { text: 'New user' }), field('Name', name),
        field('E-mail', email), field('Role', role), field('Department', department),
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Create')));
      form.addEventListener('submit', submit(form, '/users', () => ({ name: name.value.trim(), email: email.value.trim(), role: role.value,
        departmentId: department.value || undefined }), 'User'));
      forms.append(form);
    }
    root.append(forms);
  }

  if (!ctx.can.audit) return;
  const userNames = new Map(Array.isArray(users) ? users.map((u) => [u.userId, u.name]) : []);
  // the audit log, newest first, filtered by the API (action kind, who, since), 100 entries a page
  let entries = [];
  let token = null;
  let asked = 0;
  const action = select('action', [['', 'Any change'], ...KINDS.map((k) => [k, `${k}.*`])], '', { id: 'audit-action' });
  const actor = el('input', { name: 'actorId', id: 'audit-actor', placeholder: 'user id, key id, bootstrap-key…' });
  const since = el('input', { type: 'date', name: 'from', id: 'audit-since' });
  const box = el('div', {}, loading());
  const more = el('button', { type: 'button', class: 'secondary', id: 'audit-more', onclick: () => load(false) }, 'Older entries');
  const filters = el('form', { class: 'filters', id: 'audit-filters', onsubmit: (e) => { e.preventDefault(); load(true); } },
    field('Change', action), field('Who', actor), field('Since', since));
  const render = () => {
    clear(box).append(table('audit', [
      { key: 'at', label: 'When', value: (a) => when(a.at), sort: (a) => a.at },
      { key: 'actor', label: 'Who', value: (a) => (a.actor.kind === 'user' && userNames.has(a.actor.id)
        ? `${userNames.get(a.actor.id)} (${a.actor.id})` : `${a.actor.kind}:${a.actor.id}`) },
      { key: 'action', label: 'Change', value: (a) => a.action },
      { key: 'target', label: 'What', value: (a) => `${a.target.kind} ${a.target.id}` },
    ], entries, { rowId: (a) => a.auditId, empty: 'No entry matches.' }),
    el('p', { class: 'help', text: `${entries.length} entries${token ? '; older ones on request' : ''}.` }));
    more.hidden = !token;
  };
  async function load(fresh) {
    const ticket = ++asked;
    if (fresh) {
      entries = [];
      token = null;
      clearFieldErrors(filters);
      delete box.dataset.ready;
    }
    try {
      const page = await api.page(ctx.path('/audit'), { limit: 100, nextToken: token, action: action.value,
        actorId: actor.value.trim(), from: since.value });
      if (ticket !== asked || !current()) return; // a newer filter was asked for meanwhile
      entries = entries.concat(page.data);
      token = page.nextToken;
      render();
      box.dataset.ready = 'true';
    } catch (error) {
      if (ticket !== asked || !current()) return;
      if (!(error.status === 400 && fieldError(filters, error.param, error.message))) clear(box).append(errorBox(error, 'read the audit log'));
    }
  }
  let typing = null;
  action.addEventListener('change', () => load(true));
  since.addEventListener('change', () => load(true));
  actor.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => load(true), 300); });
  root.append(section('Audit log', filters, box, more));
  await load(true);
}
