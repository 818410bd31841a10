package com.gaterouter.local;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A pass the local gateway repeats in the background and that tests (or the admin API's "run now")
 * may also run at once. Every pass here is idempotent, so a pass run now may overlap a scheduled one.
 *
 * @param <R> what one pass reports
 */
final class PeriodicTask<R> implements AutoCloseable {

    private final Supplier<R> pass;
    private final BackgroundSchedule schedule;

    private PeriodicTask(String name, Duration firstAfter, Duration every, Supplier<R> pass) {
        this.pass = pass;
        // last: the schedule's thread may call runNow as soon as it starts
        this.schedule = BackgroundSchedule.start(name, firstAfter, every, this::runNow);
    }

    static <R> PeriodicTask<R> start(String name, Duration firstAfter, Duration every, Supplier<R> pass) {
        return new PeriodicTask<>(name, firstAfter, every, pass);
    }

    /** One pass now (tests call it rather than wait for the schedule). */
    public R runNow() {
        return pass.get();
    }

    @Override
    public void close() {
        schedule.close();
    }
}
