/**
 * The implementation of the {@link io.alphastream.AlphaStream} facade: lifecycle and per-instance errors
 * ({@code AlphaStreamImpl}), the asynchronous core of an open stream ({@code StreamSession}) and the only
 * code that waits ({@code SyncFrameSource}). Not API: reach it through {@code AlphaStream.builder()}.
 */
package io.alphastream.impl;
