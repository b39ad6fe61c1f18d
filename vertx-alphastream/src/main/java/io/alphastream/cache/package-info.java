/**
 * Bounded, asynchronously loading caches of one stream (Caffeine): decoded frames keyed by frame index,
 * rasterized masks keyed by (frame, width, height). Single-flight loads, statistics always on, bounds by
 * entries and by retained bytes. The implementation is in {@code .impl}, reached through
 * {@link io.alphastream.cache.FrameCache}'s factories.
 */
package io.alphastream.cache;
