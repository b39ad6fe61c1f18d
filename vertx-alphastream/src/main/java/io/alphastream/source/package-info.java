/**
 * The source model: the one place that turns "a locator plus key settings" into an opened stream, for
 * every consumer (the CLI, the WebSocket gateway, the C ABI, embedding applications).
 *
 * <ul>
 *   <li>Locators ({@code http(s)://}, {@code file:}, a path, {@code sample:NAME}) are parsed, redacted and
 *       given their default salt name by {@link io.alphastream.transport.Locators}; bytes are read through
 *       the one byte-range abstraction, {@link io.alphastream.transport.RangeSource}.
 *   <li>{@link io.alphastream.source.KeyOptions} holds the ASVR salt parts and a
 *       {@link io.alphastream.source.PassphraseRef reference} to the passphrase (environment variable,
 *       file, or in-process bytes); the secret is read only when a stream is opened, and never appears in
 *       {@code toString()}/{@code toJson()}.
 *   <li>{@link io.alphastream.source.StreamSources} opens: an {@link io.alphastream.AlphaStream} (async,
 *       engine), or a {@link io.alphastream.source.StreamFile} (synchronous, for the CLI and tools).
 * </ul>
 */
package io.alphastream.source;
