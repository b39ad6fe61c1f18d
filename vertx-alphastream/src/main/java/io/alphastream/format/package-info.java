/**
 * Reading and writing AlphaStream mask files, ASVP (plain) and ASVR (encrypted), as specified by the
 * project's FORMAT.md. Plain Java: no Vert.x, no threads, no file or network I/O (the writers write to a
 * caller's {@code OutputStream}). Reading bytes is the transport's job; the synchronous reader of a whole
 * stream is {@code io.alphastream.source.StreamFile}.
 *
 * <p>{@link io.alphastream.format.StreamReader} is the strict parser in pure steps over byte ranges
 * (header, index, frame); {@link io.alphastream.format.StreamWriter} and
 * {@link io.alphastream.format.FramePayloads} write; {@link io.alphastream.format.Timebase} maps time to
 * frames. Every rule violation is an {@link io.alphastream.FormatException} carrying its rule id
 * (V01-V20), or a {@link io.alphastream.KeyException} for an ASVR key problem.
 */
package io.alphastream.format;
