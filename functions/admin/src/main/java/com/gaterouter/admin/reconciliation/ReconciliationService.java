package com.gaterouter.admin.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Responses;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Ids;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityRef;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.billing.InvoiceFormatException;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.billing.VendorExport;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code …/reconciliations}: an uploaded vendor export against the gateway's usage of the same
 * vendor and period ({@link Reconciler}), stored and audited ({@code reconciliation.create}); the
 * list (newest first) and each stored report, JSON or CSV. Tenant-wide, as chargeback: tenant
 * admins, finance and platform admins; department admins and members 403; another tenant 404.
 */
public final class ReconciliationService {

    private static final int MAX_ACCOUNT_LENGTH = 256;
    /** Reads a stored report keeping its decimals as written ({@code 6.0} stays {@code 6.0}): a GET answers what the POST did. */
    private static final com.fasterxml.jackson.databind.ObjectMapper EXACT = Json.MAPPER.copy()
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final Visibility visibility;
    private final Optional<UsageStore> usage;
    private final Optional<ReconciliationBackend> backend;

    /**
     * @param usage   the raw usage records (analytics' store); empty: the routes answer 501
     * @param backend the store, formats and price book; empty: the routes answer 501
     */
    public ReconciliationService(Visibility visibility, Optional<UsageStore> usage, Optional<ReconciliationBackend> backend) {
        this.visibility = visibility;
        this.usage = usage;
        this.backend = backend;
    }

    /** {@code POST …/reconciliations?format=&month=|from=&to=[&account=]}, the export as the body: 201 with the report. */
    public ApiResponse create(AdminCall call) {
        Tenant tenant = authorize(call, "format", "month", "from", "to", "account");
        ReconciliationBackend b = available();
        LocalDate today = LocalDate.ofInstant(call.now(), ZoneOffset.UTC);
        VendorExport format = format(call, b.formats());
        Period period = Period.of(call, today);
        Optional<String> account = call.query("account").map(String::strip);
        if (account.isPresent() && (account.get().isEmpty() || account.get().length() > MAX_ACCOUNT_LENGTH)) {
            throw AdminException.invalid("account", "'account' must be a vendor account id of 1 to " + MAX_ACCOUNT_LENGTH + " characters.");
        }
        byte[] body = call.request().body();
        if (body == null || body.length == 0) {
            throw AdminException.invalid("body", "The request body must be the vendor's " + format.name() + " export file.");
        }
        List<InvoiceLine> lines;
        try {
            lines = format.parse(body);
        } catch (InvoiceFormatException e) {
            throw AdminException.invalid("body", "The file is not a valid " + format.name() + " export: " + e.getMessage());
        }

        ObjectNode rendered = reconcile(tenant, format, period, account, lines, today,
                new Made(call.now(), call.caller().actor(), call.requestId()));
        return Responses.entity(call, 201, rendered);
    }

    /** Who made a reconciliation, when, and the request id its audit entry names. */
    record Made(java.time.Instant at, com.gaterouter.common.accounts.Actor actor, String requestId) {
    }

    /**
     * The scheduled fetch's way in (docs/finops.md, fetched by schedule): the vendor's export of
     * {@code from}..{@code to} for the tenant's {@code account}, reconciled and kept exactly as an
     * upload is, made by the system actor {@code scheduled-fetch}.
     *
     * @throws InvoiceFormatException when the vendor's answer is not its export format
     * @throws IllegalArgumentException for a tenant that does not exist, or a format this deployment does not read
     */
    public void reconcileFetched(String tenantId, String formatName, LocalDate from, LocalDate to, Optional<String> account,
                                 byte[] export, java.time.Instant now) {
        ReconciliationBackend b = available();
        Tenant tenant = visibility.accounts().findTenant(tenantId)
                .orElseThrow(() -> new IllegalArgumentException("no tenant " + tenantId));
        VendorExport format = b.formats().named(formatName)
                .orElseThrow(() -> new IllegalArgumentException("no export format " + formatName));
        reconcile(tenant, format, new Period(from, to), account, format.parse(export), LocalDate.ofInstant(now, ZoneOffset.UTC),
                new Made(now, Audit.system("scheduled-fetch"), "scheduled-" + Ids.reconciliation(now)));
    }

    /** One reconciliation, computed and kept with its audit entry: what an upload and the scheduled fetch both do. */
    private ObjectNode reconcile(Tenant tenant, VendorExport format, Period period, Optional<String> account, List<InvoiceLine> lines,
                                 LocalDate today, Made made) {
        ReconciliationBackend b = available();
        ReconciliationReport report = Reconciler.reconcile(new Reconciler.Input(tenant.tenantId(), format.vendor(), period.from(),
                period.to(), account, ExportUnits.unitMicros(format.name()), lines, records(tenant, period, today)), b.prices());
        Reconciliation.Head head = new Reconciliation.Head(tenant.tenantId(), Ids.reconciliation(made.at()), format.vendor(),
                format.name(), period.from(), period.to(), account, made.at(), made.actor());
        ObjectNode rendered = ReconciliationJson.render(head, report);
        JsonNode summary = rendered.get("summary");
        b.store().create(new Reconciliation(head, lines, rendered.toString()), summary.toString(),
                new AuditEntry(tenant.tenantId(), Ids.audit(), made.at(), made.actor(), "reconciliation.create",
                        new EntityRef(EntityKind.RECONCILIATION, head.id()), Optional.empty(),
                        Optional.of(ReconciliationJson.listed(head, summary)), made.requestId()));
        return rendered;
    }

    /** {@code GET …/reconciliations}: summaries, newest first, paged. */
    public ApiResponse list(AdminCall call) {
        Tenant tenant = authorize(call, "limit", "nextToken");
        Page<ReconciliationStore.Listed> page = available().store().list(tenant.tenantId(), call.page());
        return Responses.page(call, page, listed -> ReconciliationJson.listed(listed.head(), read(listed.summaryJson())));
    }

    /** {@code GET …/reconciliations/{reconciliationId}[?format=json|csv]}: the stored report (JSON with the invoice lines), or its rows as CSV. */
    public ApiResponse get(AdminCall call) {
        Tenant tenant = authorize(call, "format");
        boolean csv = call.query("format").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> false;
            case "csv" -> true;
            default -> throw AdminException.invalid("format", "'format' must be json or csv.");
        }).orElse(false);
        String id = call.id("reconciliationId");
        Reconciliation found = available().store().find(tenant.tenantId(), id)
                .orElseThrow(() -> AdminException.notFound("reconciliationId", "No reconciliation '" + id + "'."));
        ObjectNode report = (ObjectNode) read(found.reportJson());
        if (csv) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-request-id", call.requestId());
            headers.put("cache-control", "no-store");
            headers.put("content-type", "text/csv; charset=utf-8");
            headers.put("content-disposition", "attachment; filename=\"reconciliation-" + tenant.tenantId() + "-" + id + ".csv\"");
            return new ApiResponse.Buffered(200, headers, ReconciliationJson.csv(report).getBytes(StandardCharsets.UTF_8));
        }
        report.set("invoiceLines", ReconciliationJson.lines(found.lines()));
        return Responses.entity(call, 200, report);
    }

    /** The tenant (404) → the role (403) → the query (400). */
    private Tenant authorize(AdminCall call, String... query) {
        Tenant tenant = visibility.tenant(call.caller(), call.tenantId());
        if (!Access.seesWholeTenant(call.caller())) {
            throw AdminException.forbidden("Reconciliation covers the whole tenant: tenant admins, finance and platform admins may use it.");
        }
        call.allowQuery(query);
        return tenant;
    }

    private ReconciliationBackend available() {
        if (usage.isEmpty() || backend.isEmpty()) {
            throw AdminException.notAvailable("Reconciliation is not available in this deployment (no usage or reconciliation store is configured).");
        }
        return backend.get();
    }

    private static VendorExport format(AdminCall call, ExportFormats formats) {
        String known = String.join(", ", formats.names());
        String name = call.query("format").orElseThrow(() -> AdminException.invalid("format",
                "'format' is required: the export's format, one of " + known + "."));
        return formats.named(name).orElseThrow(() -> AdminException.invalid("format",
                "Unknown export format '" + name + "'; the known formats are " + known + "."));
    }

    /** The tenant's raw usage records of the period's days, from the tenant's creation up to today. */
    private List<UsageRecord> records(Tenant tenant, Period period, LocalDate today) {
        LocalDate created = LocalDate.ofInstant(tenant.createdAt(), ZoneOffset.UTC);
        LocalDate first = period.from().isBefore(created) ? created : period.from();
        LocalDate last = period.to().isAfter(today) ? today : period.to();
        List<UsageRecord> records = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            records.addAll(usage.orElseThrow().findByTenantAndDay(tenant.tenantId(), day));
        }
        return records;
    }

    private static JsonNode read(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
