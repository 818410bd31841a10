package com.gaterouter.local.initbench.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * What Lambda's runtime does with SnapStart hooks, for a JVM without CRaC: the init benchmark
 * sets {@code -Dorg.crac.Core.Compat=com.gaterouter.local.initbench.crac}, so the {@code org.crac}
 * library hands every {@code register} to this global context, and {@link #checkpointRestore()}
 * calls the registered resources' {@code beforeCheckpoint} (in registration order), then their
 * {@code afterRestore} (in reverse), as the runtime does around a snapshot. No snapshot is taken:
 * the benchmark measures the hooks and the invocation after them, not a restore.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            CheckpointException failure = new CheckpointException();
            failure.initCause(e);
            throw failure;
        }
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            RestoreException failure = new RestoreException();
            failure.initCause(e);
            throw failure;
        }
    }

    private static final class GlobalContext extends Context<Resource> {
        // strong references: the benchmark's JVM lives for one handler only
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources) {
                resource.beforeCheckpoint(this);
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws Exception {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).afterRestore(this);
            }
        }

        int size() {
            return resources.size();
        }
    }

    /** How many resources registered (the probe checks the handler registered its hooks). */
    public static int registered() {
        return GLOBAL.size();
    }
}
