package com.gaterouter.common.accounts;

/**
 * What a key may call. App keys call the OpenAI-compatible API ({@code /v1}) and belong to a
 * project; admin keys call the admin API ({@code /admin/v1}) with their user's role. Neither works
 * on the other API, so an app key leaked from an app never administers anything.
 */
public enum KeyType {
    APP,
    ADMIN
}
