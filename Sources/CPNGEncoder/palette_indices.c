#include "palette_indices.h"

#include <float.h>
#include <math.h>

// Pixels counted in 32-bit lanes before being added up, so the counts vectorise as wide as the
// indices.
enum { BLOCK = 4096 };

gtz_palette_census gtz_palette_indices(const float *values, size_t count, float entries, uint8_t *indices,
                                       uint8_t used[256]) {
    size_t not_finite = 0, outside = 0, zeros = 0;
    for (size_t start = 0; start < count; start += BLOCK) {
        size_t end = count - start < BLOCK ? count : start + BLOCK;
        int32_t block_not_finite = 0, block_outside = 0, block_zeros = 0;
        for (size_t i = start; i < end; i++) {
            float value = values[i];
            float shifted = value + 0.5f;
            // False for NaN, so NaN is never converted.
            int32_t inside = (shifted >= 0.0f) & (shifted < entries);
            int32_t finite = fabsf(value) <= FLT_MAX;
            int32_t index = (int32_t)(inside ? shifted : 0.0f);
            indices[i] = (uint8_t)index;
            block_not_finite += 1 - finite;
            block_outside += finite & (1 - inside);
            block_zeros += inside & (index == 0);
        }
        not_finite += (size_t)block_not_finite;
        outside += (size_t)block_outside;
        zeros += (size_t)block_zeros;
    }
    // Two tables, so consecutive pixels of one colour do not queue stores to one byte.
    uint8_t even[256] = {0}, odd[256] = {0};
    size_t i = 0;
    for (; i + 1 < count; i += 2) {
        even[indices[i]] = 1;
        odd[indices[i + 1]] = 1;
    }
    if (i < count) even[indices[i]] = 1;
    for (int entry = 0; entry < 256; entry++) used[entry] = even[entry] | odd[entry];
    // Pixels that are not indices were written as 0: entry 0 is used only if an index took it.
    used[0] = zeros > 0;
    gtz_palette_census census = {not_finite, outside};
    return census;
}

void gtz_palette_remap(const float *values, size_t count, const uint8_t remap[256], uint8_t nodata_index,
                       uint8_t *indices) {
    for (size_t i = 0; i < count; i++) {
        uint8_t mapped = remap[indices[i]];
        indices[i] = fabsf(values[i]) <= FLT_MAX ? mapped : nodata_index;
    }
}
