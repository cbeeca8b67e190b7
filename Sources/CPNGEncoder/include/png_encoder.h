#ifndef GEOTOOLZ_PNG_ENCODER_H
#define GEOTOOLZ_PNG_ENCODER_H

#include <stddef.h>
#include <stdint.h>

/// What an encoded image holds per pixel.
typedef enum {
    /// One byte per pixel, an index into `palette` (packed to `bit_depth` bits in the file).
    GTZ_PNG_PALETTE = 0,
    /// Four bytes per pixel: red, green, blue, alpha.
    GTZ_PNG_RGBA = 1,
} gtz_png_layout;

/// Row filters, as libpng's PNG_FILTER_* masks combine them.
typedef enum {
    GTZ_PNG_FILTER_NONE = 0,
    GTZ_PNG_FILTER_SUB = 1,
    GTZ_PNG_FILTER_UP = 2,
    GTZ_PNG_FILTER_AVERAGE = 3,
    GTZ_PNG_FILTER_PAETH = 4,
    /// libpng picks per row among all five.
    GTZ_PNG_FILTER_ADAPTIVE = 5,
} gtz_png_filter;

/// An image to encode. `pixels` holds `height` rows of `width` pixels, tightly packed.
typedef struct {
    const uint8_t *pixels;
    uint32_t width;
    uint32_t height;
    gtz_png_layout layout;
    /// 1, 2, 4 or 8 for palette images (indices must fit); ignored for RGBA (always 8).
    int bit_depth;
    /// RGB triples, `palette_count` of them (1…256); palette images only.
    const uint8_t *palette_rgb;
    int palette_count;
    /// Alpha of the first `alpha_count` palette entries (the rest are opaque); may be 0.
    const uint8_t *palette_alpha;
    int alpha_count;
    /// Compression level, 0 (store) to 9 (smallest), as libdeflate reads it.
    int compression_level;
    gtz_png_filter filter;
} gtz_png_image;

/// The encoded file, in a buffer from malloc that the caller frees with free().
typedef struct {
    uint8_t *data;
    size_t size;
    /// Why encoding failed, when it did.
    char message[256];
} gtz_png_output;

/// Encodes `image` as a PNG in memory. Returns 0 on success; otherwise non-zero, with
/// `output->message` set and nothing to free. The output holds no time or text chunks, so the
/// same image and settings always give the same bytes.
int gtz_png_encode(const gtz_png_image *image, gtz_png_output *output);

/// The version of the libpng linked, as it reports itself at run time ("1.6.39").
const char *gtz_png_library_version(void);

#endif
