/**
 * Polygons to R8 masks by the canonical rule of FORMAT.md section 10 ({@link io.alphastream.raster.Rasterizer}),
 * the mask value type ({@link io.alphastream.raster.Mask}), centre-aligned nearest-neighbour resizing
 * ({@link io.alphastream.raster.Resize}) and grayscale PNG ({@link io.alphastream.raster.MaskPng}).
 *
 * <p>Plain Java: no Vert.x, no threads, no I/O. A {@code Rasterizer} holds scratch buffers and is used by
 * one thread at a time; the other types are stateless or values. See {@code docs/raster.md}.
 */
package io.alphastream.raster;
