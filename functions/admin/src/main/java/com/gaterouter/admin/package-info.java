/**
 * The admin API ({@code /admin/v1}): tenants, departments, projects, users, API keys, budgets,
 * model policies, routing policies, pricing and the audit log.
 *
 * <p>Layout, by feature:
 * <ul>
 *   <li>{@link com.gaterouter.admin.AdminApp} — the transport-agnostic core: authenticate → route →
 *       service → JSON; {@link com.gaterouter.admin.AdminFunction} — the API Gateway (REST proxy) handler;
 *   <li>{@code http} — the route table ({@code AdminRoutes.ALL}, checked against
 *       {@code docs/openapi/admin-v1.yaml}), request access ({@code AdminCall}: path ids, query,
 *       If-Match, paging), strict JSON bodies ({@code JsonBody}: unknown fields are 400), field checks
 *       ({@code Check}), errors ({@code AdminException}) and answers ({@code Responses}, with ETags);
 *   <li>{@code auth} — who is calling ({@code Caller}, {@code AdminAuthenticator}) and the rules of
 *       who may see (404) and change (403) what ({@code Access}, {@code Visibility}, and
 *       {@code PolicyTarget} for the per-level model and routing policies);
 *   <li>{@code tenants}, {@code departments}, {@code projects}, {@code users}, {@code keys},
 *       {@code budgets}, {@code policies}, {@code routing}, {@code pricing}, {@code audit} — one service
 *       and one JSON view each ({@code routing} also has the read-only routing calibration, which
 *       scores labelled examples with the classifier and prices them from the model catalog);
 *   <li>{@code analytics} — spend reports (roll-ups for final days, raw usage for the rest; scoped by
 *       role), JSON or CSV, and the on-demand roll-up; fed by an {@code AnalyticsBackend};
 *   <li>{@code support} — optimistic read-modify-write ({@code Versioned}: If-Match or up to three
 *       retries), audit entries, ids, list filters.
 * </ul>
 *
 * <p>Services are plain Java over the {@code AccountStore} and {@code ApiKeyStore} ports; every
 * write goes through the store with its audit entry (one transaction in the DynamoDB adapter).
 * Each request is checked in one order: the tenant (another tenant is 404, like a missing one) →
 * the body (400) → the targets the caller may see (404) → what the caller's role may do (403) →
 * the version (412).
 */
package com.gaterouter.admin;
