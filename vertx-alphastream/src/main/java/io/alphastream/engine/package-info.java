/**
 * The streaming engine's verticles and messages: {@link io.alphastream.engine.ReaderVerticle} (event loop;
 * owns the source and frame index, issues range reads) and {@link io.alphastream.engine.DecodeVerticle}
 * (worker; decrypts, inflates, parses, rasterizes), the event-bus messages with their codecs, and the
 * mapping of error codes across the bus. See {@code docs/architecture.md}.
 */
package io.alphastream.engine;
