/**
 * The streaming engine's verticles and messages: {@link io.alphastream.engine.ReaderVerticle} (event loop;
 * owns the source and frame index, issues range reads) and {@link io.alphastream.engine.DecodeVerticle}
 * (worker; decrypts, inflates, parses, rasterizes), the {@link io.alphastream.engine.FrameReader} of a remote
 * stream ({@link io.alphastream.engine.RemoteReaderVerticle}) and the {@link io.alphastream.engine.FrameServer}
 * that serves a stream at its event-bus address, the event-bus messages with their wire codecs, and the
 * mapping of error codes across the bus. See {@code docs/architecture.md}.
 */
package io.alphastream.engine;
