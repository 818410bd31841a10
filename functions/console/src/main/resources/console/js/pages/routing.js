// Routing: how model "auto" spread requests over the tiers, what they cost against sending every
// one to the strong model (the saving), and each level's routing policy.

import { api } from '../api.js';
import { el, section, table, chart, errorBox, loading, clear, field, select, fieldError, clearFieldErrors, notice, kpi } from '../ui.js';
import { usd, dollars, micros, integer, percent, monthStart, month } from '../format.js';

export async function routing(root, ctx, current) {
  root.dataset.from = monthStart();
  root.append(el('h1', { text: `Routing, ${month()}` }));
  const top = el('div', {}, loading());
  const policies = el('div', {}, loading());
  const flash = el('div');
  root.append(top, flash, section('Routing policies', policies));

  try {
    const report = await api.get(ctx.path('/analytics/routing'), ctx.scoped({ from: root.dataset.from }));
    if (!current()) return;
    const t = report.totals;
    const tiers = report.data.filter((r) => r.requests > 0);
    clear(top).append(
      el('div', { class: 'kpis' },
        kpi('routed', 'Auto-routed requests', integer(t.routedRequests), `of ${integer(t.requests)} requests`),
        kpi('routed-cost', 'Cost of routed requests', usd(t.routedCostUsdMicros)),
        kpi('reference-cost', 'Always-strong reference', usd(t.referenceCostUsdMicros), 'the same requests on the strong model'),
        kpi('saved', 'Saved', usd(t.savedUsdMicros), t.savedPercent === null ? '' : percent(t.savedPercent))),
      el('div', { class: 'grid' },
        section('Requests per tier', chart('tiers', {
          tooltip: { trigger: 'item' },
          series: [{ type: 'pie', radius: ['40%', '70%'], data: tiers.map((r) => ({ name: r.tier, value: r.requests })) }],
        }, 260)),
        section('Cost routed vs always-strong', chart('savings', {
          tooltip: { trigger: 'axis', valueFormatter: (v) => `$${Number(v).toFixed(6)}` },
          legend: { data: ['Routed', 'Always strong'] },
          grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
          xAxis: { type: 'category', data: tiers.map((r) => r.tier) },
          yAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
          series: [
            { name: 'Routed', type: 'bar', data: tiers.map((r) => dollars(r.routedCostUsdMicros)), itemStyle: { color: '#2563eb' } },
            { name: 'Always strong', type: 'bar', data: tiers.map((r) => dollars(r.referenceCostUsdMicros)), itemStyle: { color: '#9ca3af' } },
          ],
        }, 260))),
      table('tiers', [
        { key: 'tier', label: 'Tier', value: (r) => r.tier },
        { key: 'requests', label: 'Requests', numeric: true, value: (r) => integer(r.requests), sort: (r) => r.requests },
        { key: 'cost', label: 'Cost', numeric: true, value: (r) => usd(r.costUsdMicros), sort: (r) => micros(r.costUsdMicros) },
        { key: 'saved', label: 'Saved', numeric: true, value: (r) => usd(r.savedUsdMicros), sort: (r) => micros(r.savedUsdMicros) },
        { key: 'shadow', label: 'Shadow requests', numeric: true, value: (r) => integer(r.shadowRequests), sort: (r) => r.shadowRequests },
      ], report.data, { rowId: (r) => r.tier, footer: ['Total', integer(t.requests), usd(t.costUsdMicros), usd(t.savedUsdMicros), integer(t.shadowRequests)] }));
  } catch (error) {
    if (current()) clear(top).append(errorBox(error, 'load the routing figures'));
  }

  function editor(policy) {
    const mode = select('mode', [['', 'inherit'], ['route', 'route'], ['shadow', 'shadow']], policy.mode || '', { id: 'routing-mode' });
    const prefer = select('prefer', [['', 'inherit'], ['cost', 'cost'], ['balanced', 'balanced'], ['quality', 'quality']], policy.prefer || '', { id: 'routing-prefer' });
    const light = el('input', { name: 'thresholds', id: 'routing-light', inputmode: 'decimal', value: policy.thresholds ? policy.thresholds.lightBelow : '', placeholder: 'inherit' });
    const heavy = el('input', { name: 'heavyFrom', id: 'routing-heavy', inputmode: 'decimal', value: policy.thresholds ? policy.thresholds.heavyFrom : '', placeholder: 'inherit' });
    const status = el('div');
    const form = el('form', { class: 'card inline-form', id: 'routing-form', onsubmit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      clear(status);
      const body = { mode: mode.value || null, prefer: prefer.value || null, tiers: policy.tiers || null, pinnedModel: policy.pinnedModel || null,
        thresholds: light.value.trim() || heavy.value.trim() ? { lightBelow: Number(light.value), heavyFrom: Number(heavy.value) } : null };
      try {
        await api.put(ctx.path(`/routing/${policy.scope}/${encodeURIComponent(policy.scopeId)}`), body, policy.version);
        clear(flash).append(notice('Routing policy saved.', 'ok'));
        form.remove();
        await refresh();
      } catch (error) {
        const param = error.param === 'thresholds.heavyFrom' ? 'heavyFrom' : error.param;
        if (!(error.status === 400 && fieldError(form, param, error.message))) status.append(errorBox(error, 'save the routing policy'));
      }
    } }, el('h2', { text: `Edit the ${policy.scope} policy (${policy.scopeId})` }),
    field('Mode', mode), field('Prefer', prefer), field('Light below', light, 'A score 0–1; both or neither.'), field('Heavy from', heavy),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'routing-save' }, 'Save'),
      el('button', { type: 'button', class: 'secondary', onclick: () => form.remove() }, 'Cancel')), status);
    return form;
  }

  async function refresh() {
    const list = await api.all(ctx.path('/routing'));
    if (!current()) return;
    clear(policies).append(table('routing-policies', [
      { key: 'scope', label: 'Level', value: (p) => `${p.scope} ${p.scopeId}` },
      { key: 'mode', label: 'Mode', value: (p) => p.mode || 'inherit' },
      { key: 'prefer', label: 'Prefer', value: (p) => p.prefer || 'inherit' },
      { key: 'thresholds', label: 'Light below / heavy from', value: (p) => (p.thresholds ? `${p.thresholds.lightBelow} / ${p.thresholds.heavyFrom}` : 'inherit') },
      { key: 'tiers', label: 'Tiers', value: (p) => (p.tiers ? Object.entries(p.tiers).filter(([, v]) => v).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ') : 'inherit') },
      { key: 'pinnedModel', label: 'Pinned', value: (p) => p.pinnedModel || '—' },
      { key: 'edit', label: '', value: (p) => (ctx.can.editRouting ? el('button', { type: 'button', class: 'secondary small', onclick: () => policies.prepend(editor(p)) }, 'Edit') : ''), sort: () => '' },
    ], list, { rowId: (p) => `${p.scope}/${p.scopeId}`, empty: 'No routing policy at any level: the deployment\'s defaults apply (balanced).' }));
  }
  try {
    await refresh();
  } catch (error) {
    if (current()) clear(policies).append(errorBox(error, 'list the routing policies'));
  }
}
