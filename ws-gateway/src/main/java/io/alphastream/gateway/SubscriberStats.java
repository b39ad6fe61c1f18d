package io.alphastream.gateway;

/**
 * Counters of one subscription at one moment.
 *
 * @param stream               stream id
 * @param width                current mask width
 * @param height               current mask height
 * @param encoding             {@code rle}, {@code r8} or {@code poly}
 * @param fps                  current rate
 * @param paused               whether the clock is paused
 * @param sent                 frame messages written
 * @param sentBytes            bytes of those messages
 * @param droppedQueueFull     frames skipped because the write queue was full
 * @param droppedLate          frames skipped because the previous one was not ready or the loop was late
 * @param pendingWriteBytes    bytes written but not yet handed to the OS
 * @param maxPendingWriteBytes the most {@code pendingWriteBytes} has ever been
 */
public record SubscriberStats(String stream, int width, int height, String encoding, double fps, boolean paused,
    long sent, long sentBytes, long droppedQueueFull, long droppedLate, long pendingWriteBytes,
    long maxPendingWriteBytes) {}
