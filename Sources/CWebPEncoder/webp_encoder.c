#include "webp_encoder.h"

#include <stdio.h>
#include <webp/decode.h>
#include <webp/encode.h>

// A thin wrapper: libwebp reports errors by return codes, so Swift could call it directly, but
// its advanced API (the only one that sets `method`) is a config of thirty fields filled by
// inline functions, a picture that owns converted planes and a writer that owns the output;
// here each is set up, checked and released in one place, and Swift sees one call, as it does
// for PNG.

static int fail(gtz_webp_output *output, const char *message) {
    snprintf(output->message, sizeof output->message, "%s", message);
    return 1;
}

/// libwebp's words for its error codes.
static const char *describe(WebPEncodingError error) {
    switch (error) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory flushing the bitstream";
    case VP8_ENC_ERROR_NULL_PARAMETER: return "a required parameter is missing";
    case VP8_ENC_ERROR_INVALID_CONFIGURATION: return "invalid configuration";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "the image is wider or taller than 16383 pixels";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "partition 0 is larger than 512 KiB";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "a partition is larger than 16 MiB";
    case VP8_ENC_ERROR_BAD_WRITE: return "the picture could not be written";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "the file would be larger than 4 GiB";
    case VP8_ENC_ERROR_USER_ABORT: return "aborted";
    default: return "unknown error";
    }
}

int gtz_webp_encode(const gtz_webp_image *image, gtz_webp_output *output) {
    output->data = NULL;
    output->size = 0;
    output->message[0] = '\0';
    if (image->width == 0 || image->height == 0) return fail(output, "an image needs at least one pixel");
    if (image->width > WEBP_MAX_DIMENSION || image->height > WEBP_MAX_DIMENSION)
        return fail(output, "a WebP image is at most 16383 pixels wide and tall");
    if (!(image->quality >= 0 && image->quality <= 100)) return fail(output, "the quality must be 0...100");
    if (image->method < 0 || image->method > 6) return fail(output, "the method must be 0...6");

    WebPConfig config;
    if (!WebPConfigInit(&config)) return fail(output, "libwebp: this library version is incompatible");
    config.lossless = image->lossless != 0;
    config.quality = image->quality;
    config.method = image->method;
    // Lossless keeps the RGB under transparent pixels too, so it decodes to exactly what PNG
    // does; lossy may change it, which nobody sees and which compresses better.
    config.exact = config.lossless;
    // One thread: renders already run one per core, and the output must not depend on timing.
    config.thread_level = 0;
    if (!WebPValidateConfig(&config)) return fail(output, "libwebp: invalid configuration");

    WebPPicture picture;
    if (!WebPPictureInit(&picture)) return fail(output, "libwebp: this library version is incompatible");
    // Lossless encodes ARGB; lossy converts to YUV on import, once.
    picture.use_argb = config.lossless;
    picture.width = (int)image->width;
    picture.height = (int)image->height;
    if (!WebPPictureImportRGBA(&picture, image->rgba, (int)image->width * 4)) {
        WebPPictureFree(&picture);
        return fail(output, "libwebp: out of memory importing the pixels");
    }

    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = &writer;
    int encoded = WebPEncode(&config, &picture);
    WebPEncodingError error = picture.error_code;
    WebPPictureFree(&picture);
    if (!encoded) {
        WebPMemoryWriterClear(&writer);
        snprintf(output->message, sizeof output->message, "libwebp: %s", describe(error));
        return 1;
    }
    output->data = writer.mem;
    output->size = writer.size;
    return 0;
}

void gtz_webp_free(void *data) { WebPFree(data); }

int gtz_webp_encoder_version(void) { return WebPGetEncoderVersion(); }
