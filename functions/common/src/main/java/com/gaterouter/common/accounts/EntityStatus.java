package com.gaterouter.common.accounts;

/** Lifecycle of departments, projects and users: archived things keep their history but do nothing. */
public enum EntityStatus {
    ACTIVE,
    ARCHIVED
}
