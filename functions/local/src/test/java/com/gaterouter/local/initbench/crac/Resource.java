package com.gaterouter.local.initbench.crac;

/** A resource as org.crac's compat layer expects it (see {@link Core}). */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
