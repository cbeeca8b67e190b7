#ifndef GEOTOOLZ_PALETTE_INDICES_H
#define GEOTOOLZ_PALETTE_INDICES_H

#include <stddef.h>
#include <stdint.h>

/// How `gtz_palette_indices` found a tile's values.
typedef struct {
    /// Pixels whose value is NaN or infinite: nodata.
    size_t not_finite;
    /// Finite pixels whose value rounds outside the palette: an error in the pipeline.
    size_t outside;
} gtz_palette_census;

/// The palette index of every pixel of `values`: `(uint8_t)(value + 0.5)` where
/// `0 <= value + 0.5 < entries`, else 0. Sets `used[i]` to 1 for every index some pixel takes
/// (pixels that are not indices mark nothing). Loops without branches, so the compiler
/// vectorises them: this runs for every pixel of every colormapped tile.
gtz_palette_census gtz_palette_indices(const float *values, size_t count, float entries, uint8_t *indices,
                                       uint8_t used[256]);

/// `indices[i] = remap[indices[i]]` where `values[i]` is finite, and `nodata_index` elsewhere.
void gtz_palette_remap(const float *values, size_t count, const uint8_t remap[256], uint8_t nodata_index,
                       uint8_t *indices);

#endif
