/**
 * The frame scheduler: play clock at a settable rate, prefetch window ahead of the play position,
 * foreground requests ahead of prefetch, a bound on loads in flight, and cancellation of stale prefetches
 * after a seek. See {@link io.alphastream.scheduler.Scheduler}.
 */
package io.alphastream.scheduler;
