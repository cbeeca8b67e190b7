#ifndef GEOTOOLZ_JPEG_ENCODER_H
#define GEOTOOLZ_JPEG_ENCODER_H

#include <stddef.h>
#include <stdint.h>

/// How much colour (chroma) resolution the file keeps, as TurboJPEG's TJSAMP_* name them.
typedef enum {
    /// Full colour resolution.
    GTZ_JPEG_444 = 0,
    /// Colour halved horizontally.
    GTZ_JPEG_422 = 1,
    /// Colour halved both ways: the smallest files, what photographs and imagery usually get.
    GTZ_JPEG_420 = 2,
} gtz_jpeg_subsampling;

/// An image to encode: `height` rows of `width` pixels of four bytes, red, green, blue and one
/// that is ignored (alpha must have been dealt with: JPEG has none), tightly packed.
typedef struct {
    const uint8_t *rgbx;
    uint32_t width;
    uint32_t height;
    /// 1 (smallest) to 100 (best).
    int quality;
    gtz_jpeg_subsampling subsampling;
} gtz_jpeg_image;

/// The encoded file, in a buffer the caller frees with gtz_jpeg_free().
typedef struct {
    uint8_t *data;
    size_t size;
    /// Why encoding failed, when it did.
    char message[256];
} gtz_jpeg_output;

/// Encodes `image` as a baseline JFIF file in memory. Returns 0 on success; otherwise non-zero,
/// with `output->message` set and nothing to free. The file holds no timestamps or comments, so
/// the same image and settings always give the same bytes.
int gtz_jpeg_encode(const gtz_jpeg_image *image, gtz_jpeg_output *output);

/// Frees a buffer gtz_jpeg_encode made: TurboJPEG's allocator.
void gtz_jpeg_free(void *data);

/// The libjpeg-turbo version this target was compiled against ("2.1.5"): TurboJPEG has no
/// run-time version call.
const char *gtz_jpeg_turbo_version(void);

#endif
