package io.alphastream.engine;

/**
 * Counters of one {@link FrameReader}: range reads and decode requests, each bounded in flight. For a
 * remote stream ({@link RemoteReaderVerticle}) the "reads" are its requests to the serving address and the
 * "decodes" its rasterize requests (its frames arrive decoded).
 *
 * @param inflightReads range reads in flight now
 * @param maxInflightReadsSeen most range reads ever in flight at once (never above the bound)
 * @param reads range reads started
 * @param inflightDecodes decode requests awaiting a worker's reply now
 * @param maxInflightDecodesSeen most decode requests ever in flight at once (never above the bound)
 * @param decodes decode requests sent
 * @param failures loads that failed
 */
public record ReaderStats(int inflightReads, int maxInflightReadsSeen, long reads, int inflightDecodes,
    int maxInflightDecodesSeen, long decodes, long failures) {}
