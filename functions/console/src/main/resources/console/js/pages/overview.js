// Overview: this month's spend against each department's budget, where it is heading, the alerts
// that fired, who and which models spend most, and requests and errors per day.

import { api } from '../api.js';
import { el, section, table, chart, errorBox, loading, clear, kpi } from '../ui.js';
import { usd, usdShort, dollars, micros, integer, percent, when, monthStart, month, daysAgo, today, periodsBetween } from '../format.js';

/** Renders a card's body once its data arrives; an error stays inside the card. */
async function card(root, title, load, render) {
  const body = el('div', { class: 'card-body' }, loading());
  root.append(section(title, body));
  try {
    const data = await load();
    clear(body).append(...[].concat(render(data)));
  } catch (error) {
    clear(body).append(errorBox(error, `load ${title.toLowerCase()}`));
  }
}

export async function overview(root, ctx, current) {
  const from = monthStart();
  root.dataset.from = from; // what "this month" meant for this page: tests ask the API the same question
  root.append(el('h1', { text: `This month, ${month()}` }));
  const kpis = el('div', { class: 'kpis' }, loading());
  root.append(kpis);
  const grid = el('div', { class: 'grid' });
  root.append(grid);

  const spendByDepartment = api.get(ctx.path('/analytics/spend'), ctx.scoped({ groupBy: 'department', granularity: 'month', from }));
  const budgetList = api.all(ctx.path('/budgets'));
  const alerts = api.all(ctx.path('/alerts'), { month: month() });
  const dailyFrom = daysAgo(29);
  const daily = api.get(ctx.path('/analytics/spend'), ctx.scoped({ groupBy: 'department', granularity: 'day', from: dailyFrom }));
  const topUsers = api.get(ctx.path('/analytics/top-users'), ctx.scoped({ limit: 5, from }));
  const models = api.get(ctx.path('/analytics/models'), ctx.scoped({ from }));
  // every question is asked now, in parallel; a card that is not shown yet holds its answer
  [alerts, daily, topUsers, models].forEach((p) => p.catch(() => {}));

  // the headline figures first: they are what the page is for
  try {
    const [spend, budgets] = await Promise.all([spendByDepartment, budgetList]);
    if (!current()) return;
    const tenantBudget = budgets.find((b) => b.scope === 'tenant');
    const departmentBudgets = budgets.filter((b) => b.scope === 'department');
    const monthly = (b) => b && b.usage && b.usage.monthlyUsd;
    const forecasts = departmentBudgets.map(monthly).filter((m) => m && m.forecastUsdMicros !== null && m.forecastUsdMicros !== undefined);
    let forecast;
    if (monthly(tenantBudget) && monthly(tenantBudget).forecastUsdMicros != null) {
      forecast = kpi('forecast', 'Forecast to month end', usd(monthly(tenantBudget).forecastUsdMicros),
        `tenant budget ${usdShort(monthly(tenantBudget).limitUsdMicros)}`, monthly(tenantBudget).forecastUsdMicros);
    } else if (forecasts.length > 0) {
      const sum = forecasts.reduce((t, m) => t + micros(m.forecastUsdMicros), 0n);
      forecast = kpi('forecast', 'Forecast to month end', usd(sum), `${forecasts.length} budgeted department(s), at this month's pace`, sum);
    } else {
      forecast = kpi('forecast', 'Forecast to month end', '—', 'needs a monthly budget and 10 % of the month gone');
    }
    const budgetTotal = departmentBudgets.reduce((t, b) => t + micros(b.monthlyUsdMicros), 0n);
    clear(kpis).append(
      kpi('mtd', 'Spent this month', usd(spend.totals.costUsdMicros), `${integer(spend.totals.requests)} requests`, spend.totals.costUsdMicros),
      forecast,
      kpi('budget', 'Department budgets', budgetTotal > 0n ? usd(budgetTotal) : '—', `${departmentBudgets.length} department(s) with a monthly budget`, budgetTotal),
      kpi('refusals', 'Refused requests', integer(spend.totals.refusals), `${integer(spend.totals.errors)} vendor errors`));
    performance.mark('gaterouter:overview-kpis');

    const byDepartment = new Map(departmentBudgets.map((b) => [b.scopeId, b]));
    const departments = new Map();
    for (const row of spend.data) departments.set(row.department, { id: row.department, name: row.name || row.department, spent: micros(row.costUsdMicros), requests: row.requests });
    for (const b of departmentBudgets) {
      if (!departments.has(b.scopeId)) departments.set(b.scopeId, { id: b.scopeId, name: b.scopeId, spent: 0n, requests: 0 });
    }
    const rows = [...departments.values()].map((d) => {
      const budget = byDepartment.get(d.id);
      const m = monthly(budget);
      return { ...d, budget: budget ? micros(budget.monthlyUsdMicros) : null,
        spentCounters: m ? micros(m.spentUsdMicros) : null,
        forecast: m && m.forecastUsdMicros != null ? micros(m.forecastUsdMicros) : null,
        exceedsOn: m ? m.exceedsOn : null };
    }).sort((a, b) => (b.spent > a.spent ? 1 : b.spent < a.spent ? -1 : 0));
    const names = rows.map((r) => r.name);
    grid.append(section('Spend against budget, by department',
      chart('departments', {
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `$${Number(v).toFixed(6)}`) },
        legend: { data: ['Spent', 'Forecast', 'Budget'] },
        grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, overflow: 'truncate', width: 90 } },
        yAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
        series: [
          { name: 'Spent', type: 'bar', barMaxWidth: 48, data: rows.map((r) => dollars(r.spent)), itemStyle: { color: '#2563eb' } },
          { name: 'Forecast', type: 'bar', barMaxWidth: 48, data: rows.map((r) => (r.forecast === null ? null : dollars(r.forecast))), itemStyle: { color: '#93c5fd' } },
          { name: 'Budget', type: 'scatter', symbol: 'rect', symbolSize: [46, 3], data: rows.map((r) => (r.budget === null ? null : dollars(r.budget))), itemStyle: { color: '#dc2626' }, z: 5 },
        ],
      }, 320),
      table('departments', [
        { key: 'name', label: 'Department', value: (r) => r.name },
        { key: 'spent', label: 'Spent', numeric: true, value: (r) => usd(r.spent), sort: (r) => r.spent },
        { key: 'budget', label: 'Monthly budget', numeric: true, value: (r) => (r.budget === null ? '—' : usd(r.budget)), sort: (r) => r.budget ?? -1n },
        { key: 'used', label: 'Used', numeric: true, value: (r) => (r.budget ? percent(Number((r.spent * 10000n) / r.budget) / 100) : '—'), sort: (r) => (r.budget ? Number((r.spent * 10000n) / r.budget) : -1) },
        { key: 'forecast', label: 'Forecast', numeric: true, value: (r) => (r.forecast === null ? '—' : usd(r.forecast)), sort: (r) => r.forecast ?? -1n },
        { key: 'exceedsOn', label: 'Over budget on', value: (r) => r.exceedsOn || '—' },
      ], rows, { rowId: (r) => r.id, footer: ['Total', usd(spend.totals.costUsdMicros), '', '', '', ''] })));
    performance.mark('gaterouter:overview-departments');
  } catch (error) {
    if (!current()) return;
    clear(kpis).append(errorBox(error, 'load this month\'s spend'));
  }

  await Promise.all([
    // the alerts finance was sent: a pass sends only the highest threshold it found crossed, the lower ones are superseded
    card(grid, 'Alerts this month', () => alerts.then((list) => list.filter((a) => a.state !== 'superseded')), (list) => table('alerts', [
      { key: 'occurredAt', label: 'When', value: (a) => when(a.occurredAt), sort: (a) => a.occurredAt },
      { key: 'type', label: 'Alert', value: (a) => a.type },
      { key: 'scopeName', label: 'For', value: (a) => `${a.scopeName} (${a.scope})` },
      { key: 'threshold', label: 'Threshold', numeric: true, value: (a) => (a.thresholdPercent == null ? '—' : `${a.thresholdPercent} %`), sort: (a) => a.thresholdPercent ?? -1 },
      { key: 'percentUsed', label: 'Used', numeric: true, value: (a) => `${a.percentUsed} %`, sort: (a) => Number(a.percentUsed) },
      { key: 'spendUsd', label: 'Spent / budget', numeric: true, value: (a) => `${usd(a.spendUsdMicros)} / ${usd(a.budgetUsdMicros)}`, sort: (a) => micros(a.spendUsdMicros) },
    ], list, { empty: 'No budget alert fired this month.', rowId: (a) => a.alertId })),
    card(grid, 'Top users', () => topUsers, (top) => table('top-users', [
      { key: 'rank', label: '#', numeric: true, value: (u) => String(u.rank), sort: (u) => u.rank },
      { key: 'name', label: 'User', value: (u) => u.name || u.userId },
      { key: 'departmentName', label: 'Department', value: (u) => u.departmentName || '—' },
      { key: 'requests', label: 'Requests', numeric: true, value: (u) => integer(u.requests), sort: (u) => u.requests },
      { key: 'cost', label: 'Spent', numeric: true, value: (u) => usd(u.costUsdMicros), sort: (u) => micros(u.costUsdMicros) },
    ], top.data, { empty: 'No spend this month yet.', rowId: (u) => u.userId })),
    card(grid, 'Top models', () => models, (shares) => [
      chart('models', {
        tooltip: { trigger: 'item', valueFormatter: (v) => `$${Number(v).toFixed(6)}` },
        series: [{ type: 'pie', radius: ['40%', '70%'], data: shares.data.slice(0, 8).map((m) => ({ name: m.model, value: dollars(m.costUsdMicros) })) }],
      }, 240),
      table('top-models', [
        { key: 'model', label: 'Model', value: (m) => m.model },
        { key: 'requests', label: 'Requests', numeric: true, value: (m) => integer(m.requests), sort: (m) => m.requests },
        { key: 'cost', label: 'Spent', numeric: true, value: (m) => usd(m.costUsdMicros), sort: (m) => micros(m.costUsdMicros) },
        { key: 'share', label: 'Share', numeric: true, value: (m) => percent(m.costPercent), sort: (m) => Number(m.costPercent) },
      ], shares.data.slice(0, 8), { empty: 'No spend this month yet.', rowId: (m) => m.model }),
    ]),
    card(grid, 'Requests and errors per day (30 days)', () => daily, (days) => {
      const per = new Map(periodsBetween(dailyFrom, days.to || today(), 'day').map((p) => [p, { requests: 0, errors: 0, refusals: 0 }]));
      for (const row of days.data) {
        const d = per.get(row.period) || { requests: 0, errors: 0, refusals: 0 };
        d.requests += row.requests; d.errors += row.errors; d.refusals += row.refusals;
        per.set(row.period, d);
      }
      const periods = [...per.keys()].sort();
      return chart('daily', {
        tooltip: { trigger: 'axis' },
        legend: { data: ['Requests', 'Errors', 'Refusals'] },
        grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: 'category', data: periods },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: 'Requests', type: 'bar', barMaxWidth: 24, data: periods.map((p) => per.get(p).requests), itemStyle: { color: '#2563eb' } },
          { name: 'Errors', type: 'line', data: periods.map((p) => per.get(p).errors), itemStyle: { color: '#dc2626' } },
          { name: 'Refusals', type: 'line', data: periods.map((p) => per.get(p).refusals), itemStyle: { color: '#d97706' } },
        ],
      }, 280);
    }),
  ]);
  if (current()) {
    performance.mark('gaterouter:overview-ready');
    root.dataset.ready = 'true';
  }
}
