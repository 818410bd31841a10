package com.gaterouter.admin.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.keys.KeyJson;
import com.gaterouter.admin.keys.KeyService;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Ids;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.admin.users.UserJson;
import com.gaterouter.admin.users.UserService;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.accounts.WriteRejectedException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tenants: created and listed by platform admins; read by their users; changed by their admins. */
public record TenantService(AccountStore accounts, Visibility visibility) {

    /**
     * {@code {name, tenantId?, timeZone?, allowedOrigins?, selfServiceKeys?, extraParameters?, admin?: {email, name}}}: the tenant and, if asked, its
     * first tenant admin with an admin key (the secret appears in this answer only), written in one
     * transaction with their three audit entries.
     */
    public ObjectNode create(AdminCall call) {
        if (!Access.isPlatform(call.caller())) {
            throw AdminException.forbidden("Only platform admins create tenants.");
        }
        JsonBody body = call.body().only("name", "tenantId", "timeZone", "allowedOrigins", "selfServiceKeys", "extraParameters", "admin");
        String name = Check.name(body.param("name"), body.requiredString("name"));
        Optional<String> requestedId = body.string("tenantId");
        if (requestedId.isPresent() && !Check.TENANT_SLUG.matcher(requestedId.get()).matches()) {
            throw AdminException.invalid("tenantId", "'tenantId' must be 3 to 40 lower-case letters, digits or '-', starting with a letter or digit.");
        }
        ZoneId zone = body.string("timeZone").map(z -> Check.timeZone(body.param("timeZone"), z)).orElse(ZoneId.of("UTC"));
        AllowedOrigins origins = body.array("allowedOrigins").map(o -> Check.origins(body.param("allowedOrigins"), o))
                .orElse(AllowedOrigins.NONE);
        boolean selfServiceKeys = body.bool("selfServiceKeys").orElse(true);
        ExtraParameters extraParameters = extraParameters(body).orElse(ExtraParameters.REJECT);
        Optional<JsonBody> adminBody = body.object("admin").map(a -> a.only("email", "name"));
        Optional<String> adminEmail = adminBody.map(a -> Check.email(a.param("email"), a.requiredString("email")));
        Optional<String> adminName = adminBody.map(a -> Check.name(a.param("name"), a.requiredString("name")));

        String tenantId = requestedId.orElseGet(Ids::tenant);
        Tenant tenant = new Tenant(tenantId, name, zone, EntityStatus.ACTIVE, call.now(), call.now(), 1, origins, selfServiceKeys,
                extraParameters);
        List<AccountStore.Insertion> insertions = new ArrayList<>(List.of(new AccountStore.Insertion(tenant,
                Audit.entry(call, tenantId, "tenant.create", tenant.ref(), null, TenantJson.render(tenant)))));
        Optional<User> admin = adminBody.map(a -> UserService.newUser(call, tenantId, adminEmail.orElseThrow(), adminName.orElseThrow(),
                Optional.empty(), Role.TENANT_ADMIN));
        Optional<KeyService.Created> adminKey = admin.map(user -> KeyService.newAdminKey(call, user, "Initial admin key"));
        admin.ifPresent(user -> insertions.add(UserService.insertion(call, user)));
        adminKey.ifPresent(key -> insertions.add(KeyService.insertion(call, key.key())));
        try {
            // tenant, first admin and their key in one transaction: never a tenant nobody can administer
            accounts.insertAll(insertions);
        } catch (WriteRejectedException e) {
            if (e.reason() == WriteRejectedException.Reason.ALREADY_EXISTS) {
                throw AdminException.conflict("already_exists", "tenantId", "A tenant '" + tenantId + "' exists already.");
            }
            throw e;
        }
        ObjectNode answer = TenantJson.render(tenant);
        admin.ifPresent(user -> answer.set("adminUser", UserJson.render(user)));
        adminKey.ifPresent(key -> answer.set("adminKey", KeyJson.renderWithSecret(key.key(), key.secret())));
        return answer;
    }

    public Page<Tenant> list(AdminCall call) {
        if (!Access.isPlatform(call.caller())) {
            throw AdminException.forbidden("Only platform admins list tenants.");
        }
        call.allowQuery("limit", "nextToken");
        return accounts.listTenants(call.page());
    }

    public Tenant get(AdminCall call) {
        return visibility.tenant(call.caller(), call.tenantId());
    }

    /**
     * {@code {name?, timeZone?, allowedOrigins?, selfServiceKeys?, extraParameters?}}; {@code allowedOrigins} replaces the whole list
     * ({@code []} or {@code null}: no browser origin); {@code selfServiceKeys} (true or false) decides
     * whether members and department admins may create keys for themselves; {@code extraParameters}
     * ({@code "reject"} or {@code "drop"}) what the app API does with request fields it cannot honour.
     */
    public Tenant update(AdminCall call) {
        String tenantId = call.tenantId();
        Access.requireTenantVisible(call.caller(), tenantId);
        JsonBody body = call.body().only("name", "timeZone", "allowedOrigins", "selfServiceKeys", "extraParameters");
        Optional<String> name = body.patched("name", Check::name);
        Optional<ZoneId> zone = body.has("timeZone")
                ? Optional.of(Check.timeZone(body.param("timeZone"), body.string("timeZone").orElse(""))) : Optional.empty();
        Optional<AllowedOrigins> origins = body.has("allowedOrigins")
                ? Optional.of(body.array("allowedOrigins").map(o -> Check.origins(body.param("allowedOrigins"), o)).orElse(AllowedOrigins.NONE))
                : Optional.empty();
        Optional<Boolean> selfServiceKeys = body.bool("selfServiceKeys");
        Optional<ExtraParameters> extraParameters = extraParameters(body);
        return Versioned.update(accounts, () -> accounts.findTenant(tenantId), () -> Access.tenantNotFound(tenantId),
                current -> {
                    if (!Access.administersTenant(call.caller())) {
                        throw Access.readOnly("the tenant");
                    }
                },
                call.ifMatch(),
                current -> {
                    Tenant updated = new Tenant(tenantId, name.orElse(current.name()), zone.orElse(current.timeZone()),
                            current.status(), current.createdAt(), call.now(), current.version() + 1,
                            origins.orElse(current.allowedOrigins()), selfServiceKeys.orElse(current.selfServiceKeys()),
                            extraParameters.orElse(current.extraParameters()));
                    if (updated.name().equals(current.name()) && updated.timeZone().equals(current.timeZone())
                            && updated.allowedOrigins().equals(current.allowedOrigins())
                            && updated.selfServiceKeys() == current.selfServiceKeys()
                            && updated.extraParameters() == current.extraParameters()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Versioned.Change<>(updated, Audit.entry(call, tenantId, "tenant.update", current.ref(),
                            TenantJson.render(current), TenantJson.render(updated))));
                }).entity();
    }

    /** {@code "reject"} or {@code "drop"}; absent: empty; anything else, {@code null} included, is a 400 naming the field. */
    private static Optional<ExtraParameters> extraParameters(JsonBody body) {
        if (!body.has("extraParameters")) {
            return Optional.empty();
        }
        JsonNode value = body.node("extraParameters").orElse(null);
        Optional<ExtraParameters> policy = value != null && value.isTextual() ? ExtraParameters.fromWire(value.textValue()) : Optional.empty();
        if (policy.isEmpty()) {
            throw AdminException.invalid(body.param("extraParameters"), "'" + body.param("extraParameters")
                    + "' must be \"reject\" (unknown or unsupported request fields are a 400) or \"drop\" (they are left out "
                    + "and listed in the x-gaterouter-dropped-params header).");
        }
        return policy;
    }
}
