package io.alphastream.scheduler;

/** How urgently a frame is wanted. */
public enum Priority {
  /** A caller is waiting for this frame now: dispatched before any prefetch, may use the reserved slot. */
  FOREGROUND,
  /** Wanted soon: dispatched only while in-flight work is below the bound, cancelled when a seek leaves it behind. */
  PREFETCH
}
