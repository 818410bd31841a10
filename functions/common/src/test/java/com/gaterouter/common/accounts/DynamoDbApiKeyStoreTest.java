package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbApiKeyStoreTest {

    @Test
    void storesOnlyTheHashAndFindsTheKeyByIt(LocalTables tables) {
        var store = new DynamoDbApiKeyStore(tables.client(), tables.name(GatewayTable.API_KEYS));
        String secret = ApiKeySecrets.newSecret();
        String keyId = ApiKeySecrets.newKeyId();
        var key = new ApiKeyRecord(ApiKeySecrets.hash(secret), keyId, "ci key",
                new Principal("t1", "d1", "p1", "u1", keyId), KeyStatus.ACTIVE,
                Instant.parse("2026-11-24T00:00:00Z"), Optional.of(Instant.parse("2027-01-01T00:00:00Z")),
                Set.of("openai/gpt-4o-mini"));

        store.create(key);

        assertThat(store.findByHash(ApiKeySecrets.hash(secret))).contains(key);
        assertThat(store.findByHash(ApiKeySecrets.hash(secret + "x"))).isEmpty();
        var scan = tables.client().scan(b -> b.tableName(tables.name(GatewayTable.API_KEYS)));
        assertThat(scan.items().toString()).doesNotContain(secret);
        assertThatThrownBy(() -> store.create(key)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void roundTripsAdminKeysGraceAndDenyLists(LocalTables tables) {
        var store = new DynamoDbApiKeyStore(tables.client(), tables.name(GatewayTable.API_KEYS));
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        var admin = new ApiKeyRecord(ApiKeySecrets.hash(ApiKeySecrets.newSecret()), ApiKeySecrets.newKeyId(), "admin",
                KeyType.ADMIN, "t-" + java.util.UUID.randomUUID(), "usr_1", Optional.empty(), Optional.empty(),
                KeyStatus.ACTIVE, now, Optional.empty(), Optional.of(now.plusSeconds(60)),
                new ModelPolicy(Set.of(), Set.of("openai/o1", "deepseek/*")));

        store.create(admin);

        assertThat(store.findByHash(admin.keyHash())).contains(admin);
        var item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.API_KEYS))
                .key(java.util.Map.of("keyHash", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(admin.keyHash()))))
                .item();
        assertThat(item).doesNotContainKeys("projectId", "departmentId", "allowedModels", "expiresAt");
        assertThat(item.get("deniedModels").ss()).containsExactlyInAnyOrder("openai/o1", "deepseek/*");
        assertThat(admin.usableAt(now.plusSeconds(59))).isTrue();
        assertThat(admin.usableAt(now.plusSeconds(60))).isFalse();
        assertThatThrownBy(admin::owner).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void usableOnlyWhileActiveAndUnexpired() {
        String keyId = "key_x";
        var owner = new Principal("t", "d", "p", "u", keyId);
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        var active = new ApiKeyRecord("h", keyId, "k", owner, KeyStatus.ACTIVE, now, Optional.of(now.plusSeconds(1)), Set.of());
        assertThat(active.usableAt(now)).isTrue();
        assertThat(active.usableAt(now.plusSeconds(1))).isFalse();
        var revoked = new ApiKeyRecord("h", keyId, "k", owner, KeyStatus.REVOKED, now, Optional.empty(), Set.of());
        assertThat(revoked.usableAt(now)).isFalse();
    }
}
