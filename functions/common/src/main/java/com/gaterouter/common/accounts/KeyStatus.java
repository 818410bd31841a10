package com.gaterouter.common.accounts;

public enum KeyStatus {
    ACTIVE,
    REVOKED
}
