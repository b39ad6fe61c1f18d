/**
 * Plain-Java geometry over decoded frames: {@link io.alphastream.geometry.TriangleStrip} turns each
 * channel's even-odd region into a triangle list, exactly (rational arithmetic, ear clipping with exact
 * orientation tests). No Vert.x: usable from the engine's workers, the C ABI and any Java caller.
 */
package io.alphastream.geometry;
