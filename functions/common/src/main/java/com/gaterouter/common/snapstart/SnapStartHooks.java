package com.gaterouter.common.snapstart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's SnapStart runtime hooks ({@code org.crac}). Lambda initialises a published version
 * once, calls {@link #beforeCheckpoint} and snapshots the environment; every cold start then
 * restores that snapshot and calls {@link #afterRestore} before the first invocation.
 *
 * <p>Before the checkpoint the priming steps run the function's own code on representative events
 * inside the {@link PrimingHttpClient} window (AWS calls answered in-process: nothing is read or
 * written), so the snapshot holds the classes loaded and the code warmed. Then the reset steps
 * empty whatever priming filled (caches). After a restore the restore steps refresh what must
 * differ per instance; {@link SnapshotSafeRandom#reseedAll()} always runs first.
 *
 * <p>A priming step that fails is logged and skipped: priming only makes the first invocation
 * faster, it never stops a version from being published. Lambda keeps a registered resource
 * weakly: the handler holds its hooks in a field.
 */
public final class SnapStartHooks implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);

    /** One piece of priming or restoring work, named for the log. */
    public record Step(String name, Runnable work) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(work, "work");
        }
    }

    /** What a step did: how long it took and, if it failed, why. */
    public record Outcome(String step, Duration took, String failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    private final String function;
    private final PrimingHttpClient http;
    private final List<Step> priming;
    private final List<Step> resets;
    private final List<Step> restores;

    private SnapStartHooks(String function, PrimingHttpClient http, List<Step> priming, List<Step> resets, List<Step> restores) {
        this.function = function;
        this.http = http;
        this.priming = List.copyOf(priming);
        this.resets = List.copyOf(resets);
        this.restores = List.copyOf(restores);
    }

    public static Builder forFunction(String function, PrimingHttpClient http) {
        return new Builder(function, http);
    }

    /** Registers with the runtime's global context; on a JVM without CRaC this does nothing. */
    public SnapStartHooks register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restore();
    }

    /** The priming steps (in the priming window), then the reset steps; what each did. */
    public List<Outcome> prime() {
        List<Outcome> outcomes = new ArrayList<>();
        http.priming(() -> {
            priming.forEach(step -> outcomes.add(run("priming", step)));
            return null;
        });
        resets.forEach(step -> outcomes.add(run("reset", step)));
        LOG.info("SnapStart priming of {}: {}", function, summary(outcomes));
        return outcomes;
    }

    /** Reseeds the generators, then the restore steps; what each did. */
    public List<Outcome> restore() {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(run("restore", new Step("reseed secure random generators", SnapshotSafeRandom::reseedAll)));
        restores.forEach(step -> outcomes.add(run("restore", step)));
        LOG.info("SnapStart restore of {}: {}", function, summary(outcomes));
        return outcomes;
    }

    private Outcome run(String phase, Step step) {
        long start = System.nanoTime();
        String failure = null;
        try {
            step.work().run();
        } catch (RuntimeException | LinkageError e) {
            failure = e.toString();
            LOG.warn("SnapStart {} step '{}' of {} failed (the function works, its first call is slower): {}", phase,
                    step.name(), function, e.toString());
        }
        return new Outcome(step.name(), Duration.ofNanos(System.nanoTime() - start), failure);
    }

    private static String summary(List<Outcome> outcomes) {
        StringBuilder text = new StringBuilder();
        for (Outcome outcome : outcomes) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(outcome.step()).append(' ').append(outcome.took().toMillis()).append(" ms")
                    .append(outcome.succeeded() ? "" : " (failed)");
        }
        return text.toString();
    }

    public static final class Builder {
        private final String function;
        private final PrimingHttpClient http;
        private final List<Step> priming = new ArrayList<>();
        private final List<Step> resets = new ArrayList<>();
        private final List<Step> restores = new ArrayList<>();

        private Builder(String function, PrimingHttpClient http) {
            this.function = Objects.requireNonNull(function, "function");
            this.http = Objects.requireNonNull(http, "http");
        }

        /** Work run before the snapshot with AWS calls answered in-process. */
        public Builder prime(String name, Runnable work) {
            priming.add(new Step(name, work));
            return this;
        }

        /** Work run after priming, outside the window: empty what priming filled. */
        public Builder reset(String name, Runnable work) {
            resets.add(new Step(name, work));
            return this;
        }

        /** Work run after each restore, before the first invocation. */
        public Builder afterRestore(String name, Runnable work) {
            restores.add(new Step(name, work));
            return this;
        }

        public SnapStartHooks build() {
            return new SnapStartHooks(function, http, priming, resets, restores);
        }
    }
}
