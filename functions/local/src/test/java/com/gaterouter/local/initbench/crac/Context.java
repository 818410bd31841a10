package com.gaterouter.local.initbench.crac;

/** A context as org.crac's compat layer expects it (see {@link Core}). */
public abstract class Context<R extends Resource> implements Resource {

    protected Context() {
    }

    public abstract void register(R resource);
}
