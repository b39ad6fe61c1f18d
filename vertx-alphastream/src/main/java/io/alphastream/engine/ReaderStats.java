package io.alphastream.engine;

/**
 * Counters of one {@link ReaderVerticle}: range reads and decode requests, each bounded in flight.
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
