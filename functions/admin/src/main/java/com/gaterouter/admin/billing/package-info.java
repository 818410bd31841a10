/**
 * The scheduled fetch of the vendors' usage and cost exports (docs/finops.md, "Fetched by schedule"):
 * {@link com.gaterouter.admin.billing.ScheduledReconciliations} walks the active tenants and hands each
 * tenant's vendor export (fetched once per vendor by a {@link com.gaterouter.admin.billing.VendorBillingApi},
 * over HTTP by {@link com.gaterouter.admin.billing.HttpVendorBillingApi}) to a
 * {@link com.gaterouter.admin.billing.ReconciliationSink}; {@link com.gaterouter.admin.billing.BillingFetchFunction}
 * runs it daily in AWS, the local gateway's {@code ReconcileTask} on its own interval.
 */
package com.gaterouter.admin.billing;
