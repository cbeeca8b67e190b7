#ifndef GEOTOOLZ_PNG_ROWS_H
#define GEOTOOLZ_PNG_ROWS_H

#include "png_encoder.h"

/// The image data of a PNG before compression: each row packed to `bit_depth` and filtered,
/// behind its filter-type byte. Returns a malloc'd buffer of `*size` bytes, or NULL when out of
/// memory.
uint8_t *gtz_png_filtered_rows(const gtz_png_image *image, int bit_depth, size_t *size);

#endif
