// Budgets and limits: each scope's budget with what it has used this period as a gauge; create,
// edit and remove them, with the API's validation messages beside the field they are about.

import { api } from '../api.js';
import { el, section, chart, errorBox, loading, clear, field, select, confirmDialog, fieldError, clearFieldErrors, notice } from '../ui.js';
import { usd, micros, percent } from '../format.js';

const SCOPES = [['tenant', 'Tenant'], ['department', 'Department'], ['project', 'Project'], ['user', 'User'], ['key', 'Key']];
const KEPT = ['monthlyTokens', 'dailyTokens', 'rpm', 'tpm']; // sent back unchanged: PUT replaces the whole budget

function usedPercent(limit) {
  if (!limit || !limit.limitUsdMicros) return null;
  return Number((micros(limit.spentUsdMicros) * 10000n) / micros(limit.limitUsdMicros)) / 100;
}

function money(value) {
  return value === null || value === undefined ? '' : String(value).replace(/\.?0+$/, '');
}

export async function budgets(root, ctx, current) {
  root.append(el('h1', { text: 'Budgets and limits' }));
  const flash = el('div', { id: 'budgets-flash' });
  const list = el('div', { class: 'budgets' }, loading());
  const [departments, projects, users, keyList] = await Promise.all([
    api.all(ctx.path('/departments')).catch(() => []),
    api.all(ctx.path('/projects')).catch(() => []),
    api.all(ctx.path('/users')).catch(() => []),
    ctx.can.manageKeys ? api.all(ctx.path('/keys'), { status: 'active' }).catch(() => []) : Promise.resolve([]),
  ]);
  if (!current()) return;
  const targets = {
    tenant: [[ctx.tenantId, ctx.tenant.name || ctx.tenantId]],
    department: departments.map((d) => [d.departmentId, d.name]),
    project: projects.map((p) => [p.projectId, p.name]),
    user: users.map((u) => [u.userId, u.name]),
    key: keyList.map((k) => [k.keyId, k.name]),
  };
  const nameOf = (scope, id) => (targets[scope].find(([v]) => v === id) || [id, id])[1];

  function editor(budget, onDone) {
    const scope = select('scope', SCOPES, budget ? budget.scope : 'department', { id: 'budget-scope', disabled: budget ? true : null });
    const scopeId = el('select', { name: 'scopeId', id: 'budget-target', disabled: budget ? true : null });
    const fillTargets = () => {
      clear(scopeId).append(...targets[scope.value].map(([v, label]) => el('option', { value: v, selected: budget && budget.scopeId === v ? true : null }, label)));
    };
    fillTargets();
    scope.addEventListener('change', fillTargets);
    const monthly = el('input', { name: 'monthlyUsd', id: 'budget-monthly', inputmode: 'decimal', value: budget ? money(budget.monthlyUsd) : '', placeholder: 'no limit' });
    const daily = el('input', { name: 'dailyUsd', id: 'budget-daily', inputmode: 'decimal', value: budget ? money(budget.dailyUsd) : '', placeholder: 'no limit' });
    const thresholds = el('input', { name: 'thresholds', id: 'budget-thresholds', value: budget ? budget.thresholds.join(', ') : '50, 80, 100' });
    const recipients = el('input', { name: 'alertRecipients', id: 'budget-recipients', value: budget ? budget.alertRecipients.join(', ') : '', placeholder: 'finance@example.com' });
    const status = el('div');
    const form = el('form', { class: 'card inline-form', id: 'budget-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      clear(status);
      const body = {};
      if (monthly.value.trim()) body.monthlyUsd = monthly.value.trim();
      if (daily.value.trim()) body.dailyUsd = daily.value.trim();
      const numbers = thresholds.value.split(',').map((s) => s.trim()).filter(Boolean);
      // a threshold that is not a number goes to the API as written, which names it in its answer
      body.thresholds = numbers.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const emails = recipients.value.split(',').map((s) => s.trim()).filter(Boolean);
      if (emails.length) body.alertRecipients = emails;
      if (budget) for (const k of KEPT) if (budget[k] !== null && budget[k] !== undefined) body[k] = budget[k];
      try {
        await api.put(ctx.path(`/budgets/${scope.value}/${encodeURIComponent(scopeId.value)}`), body, budget ? budget.version : null);
        onDone(`Budget for ${nameOf(scope.value, scopeId.value)} saved.`);
      } catch (error) {
        if (!(error.status === 400 && fieldError(form, error.param, error.message))) status.append(errorBox(error, 'save the budget'));
      }
    } },
    el('h2', { text: budget ? `Edit the budget of ${nameOf(budget.scope, budget.scopeId)}` : 'New budget' }),
    field('Scope', scope), field('For', scopeId),
    field('Monthly USD', monthly, 'Empty: no monthly limit.'), field('Daily USD', daily, 'Empty: no daily limit.'),
    field('Alert thresholds, %', thresholds, 'Ascending, e.g. 50, 80, 100.'),
    field('Alert e-mails', recipients, 'Tenant and department budgets only; comma-separated.'),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'budget-save' }, 'Save'),
      el('button', { type: 'button', class: 'secondary', onclick: () => onDone(null) }, 'Cancel')), status);
    return form;
  }

  const editorBox = el('div', { id: 'budget-editor' });
  const done = async (message) => {
    clear(editorBox);
    clear(flash);
    if (message) flash.append(notice(message, 'ok'));
    await refresh();
  };

  async function remove(budget) {
    const ok = await confirmDialog(`Remove the budget of ${nameOf(budget.scope, budget.scopeId)}?`,
      'Its limits stop applying; spend so far is kept.', 'Remove');
    if (!ok) return;
    try {
      await api.del(ctx.path(`/budgets/${budget.scope}/${encodeURIComponent(budget.scopeId)}`));
      await done('Budget removed.');
    } catch (error) { clear(flash).append(errorBox(error, 'remove the budget')); }
  }

  function budgetCard(b) {
    const m = b.usage && b.usage.monthlyUsd;
    const d = b.usage && b.usage.dailyUsd;
    const gaugeOf = m || d;
    const used = usedPercent(gaugeOf);
    const facts = el('dl', { class: 'facts' },
      el('dt', { text: 'Monthly' }), el('dd', { text: b.monthlyUsd === null ? 'no limit' : usd(b.monthlyUsdMicros) }),
      el('dt', { text: 'Daily' }), el('dd', { text: b.dailyUsd === null ? 'no limit' : usd(b.dailyUsdMicros) }),
      m ? [el('dt', { text: `Spent ${m.period}` }), el('dd', { dataset: { field: 'spent' }, text: usd(m.spentUsdMicros) }),
        el('dt', { text: 'Committed' }), el('dd', { text: usd(m.committedUsdMicros) }),
        el('dt', { text: 'Forecast' }), el('dd', { text: m.forecastUsdMicros == null ? '—' : `${usd(m.forecastUsdMicros)}${m.exceedsOn ? `, over on ${m.exceedsOn}` : ''}` })] : [],
      el('dt', { text: 'Alerts at' }), el('dd', { text: b.thresholds.map((t) => `${t} %`).join(', ') }),
      b.alertRecipients.length ? [el('dt', { text: 'E-mails' }), el('dd', { text: b.alertRecipients.join(', ') })] : []);
    const gauge = used === null ? el('p', { class: 'help', text: 'No USD limit: nothing to gauge.' }) : chart(`gauge-${b.scope}-${b.scopeId}`, {
      series: [{
        type: 'gauge', min: 0, max: 100, startAngle: 210, endAngle: -30, radius: '95%', progress: { show: true, width: 14 },
        axisLine: { lineStyle: { width: 14, color: [[1, '#e5e7eb']] } },
        axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false }, pointer: { show: false }, anchor: { show: false },
        title: { show: false },
        detail: { show: false }, // the figure is written under the gauge, exact
        itemStyle: { color: used >= 100 ? '#dc2626' : used >= Math.min(...b.thresholds, 100) ? '#d97706' : '#2563eb' },
        data: [{ value: Math.min(used, 100) }],
      }],
    }, 170);
    return el('article', { class: 'card budget', dataset: { scope: b.scope, scopeId: b.scopeId, used: used === null ? '' : String(used) } },
      el('h2', { text: `${nameOf(b.scope, b.scopeId)}` }, el('span', { class: 'badge', text: b.scope })),
      el('div', { class: 'budget-body' }, gauge, facts),
      el('p', { class: 'used', text: used === null ? '' : `${percent(used)} of the ${m ? 'monthly' : 'daily'} budget used` }),
      ctx.can.editBudgets ? el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary small', dataset: { action: 'edit' }, onclick: () => { clear(editorBox).append(editor(b, done)); editorBox.scrollIntoView(); } }, 'Edit'),
        el('button', { type: 'button', class: 'danger small', dataset: { action: 'remove' }, onclick: () => remove(b) }, 'Remove')) : null);
  }

  async function refresh() {
    const all = await api.all(ctx.path('/budgets'));
    if (!current()) return;
    clear(list);
    if (all.length === 0) list.append(el('p', { class: 'empty', text: 'No budgets you may see.' }));
    const order = SCOPES.map(([s]) => s);
    all.sort((a, b) => order.indexOf(a.scope) - order.indexOf(b.scope)).forEach((b) => list.append(budgetCard(b)));
  }

  root.append(flash,
    ctx.can.editBudgets ? el('div', { class: 'actions' }, el('button', { type: 'button', id: 'budget-new', onclick: () => clear(editorBox).append(editor(null, done)) }, 'New budget')) : null,
    editorBox, list);
  try {
    await refresh();
  } catch (error) {
    if (current()) clear(list).append(errorBox(error, 'list the budgets'));
  }
}
