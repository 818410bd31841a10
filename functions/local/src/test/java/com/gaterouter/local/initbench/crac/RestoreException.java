package com.gaterouter.local.initbench.crac;

/** Part of the CRaC-shaped API the benchmark gives org.crac (see {@link Core}). */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public RestoreException() {
    }
}
