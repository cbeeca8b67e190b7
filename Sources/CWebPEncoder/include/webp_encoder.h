#ifndef GEOTOOLZ_WEBP_ENCODER_H
#define GEOTOOLZ_WEBP_ENCODER_H

#include <stddef.h>
#include <stdint.h>

/// An image to encode: `height` rows of `width` RGBA pixels (four bytes each), tightly packed.
typedef struct {
    const uint8_t *rgba;
    uint32_t width;
    uint32_t height;
    /// Non-zero: lossless (VP8L), every pixel kept exactly, transparent ones included.
    /// Zero: lossy (VP8), alpha kept losslessly beside it.
    int lossless;
    /// Lossy: 0 (smallest) to 100 (best). Lossless: the effort, 0 (fastest) to 100 (smallest).
    float quality;
    /// The speed/size trade-off, 0 (fastest) to 6 (smallest).
    int method;
} gtz_webp_image;

/// The encoded file, in a buffer the caller frees with gtz_webp_free().
typedef struct {
    uint8_t *data;
    size_t size;
    /// Why encoding failed, when it did.
    char message[256];
} gtz_webp_output;

/// Encodes `image` as a WebP file in memory, on the calling thread only. Returns 0 on success;
/// otherwise non-zero, with `output->message` set and nothing to free. The file holds no
/// metadata, so the same image and settings always give the same bytes.
int gtz_webp_encode(const gtz_webp_image *image, gtz_webp_output *output);

/// Frees a buffer gtz_webp_encode made: libwebp's allocator, not necessarily malloc's.
void gtz_webp_free(void *data);

/// The version of libwebp's encoder linked, at run time, as 0xMMmmpp (major, minor, patch).
int gtz_webp_encoder_version(void);

#endif
