#include "png_encoder.h"

#include <libdeflate.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "png_rows.h"

// libpng writes the file: signature, header, palette, transparency and every chunk's CRC. The
// image data is filtered here and compressed in one call by libdeflate, which is several times
// faster than zlib's streaming deflate at the same size. libpng reports errors by longjmp, which
// Swift cannot catch: every libpng call stays in this file, behind one setjmp, and the caller
// only sees a status and a message.

typedef struct {
    gtz_png_output *output;
    size_t capacity;
} write_state;

static void on_error(png_structp png, png_const_charp message) {
    write_state *state = (write_state *)png_get_error_ptr(png);
    snprintf(state->output->message, sizeof state->output->message, "libpng: %s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void on_write(png_structp png, png_bytep bytes, png_size_t length) {
    write_state *state = (write_state *)png_get_io_ptr(png);
    gtz_png_output *output = state->output;
    if (output->size + length > state->capacity) {
        size_t capacity = state->capacity ? state->capacity : 4096;
        while (capacity < output->size + length) capacity *= 2;
        uint8_t *grown = realloc(output->data, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        output->data = grown;
        state->capacity = capacity;
    }
    memcpy(output->data + output->size, bytes, length);
    output->size += length;
}

static void on_flush(png_structp png) { (void)png; }

enum { MAX_LEVEL = 12 };

/// A thread's libdeflate compressors, one per level, made on first use: a compressor serves one
/// thread at a time, and making one per image would cost more than compressing a tile.
typedef struct {
    struct libdeflate_compressor *byLevel[MAX_LEVEL + 1];
} compressors;

static pthread_key_t compressors_key;
static pthread_once_t compressors_once = PTHREAD_ONCE_INIT;

static void free_compressors(void *value) {
    compressors *owned = value;
    for (int level = 0; level <= MAX_LEVEL; level++)
        if (owned->byLevel[level] != NULL) libdeflate_free_compressor(owned->byLevel[level]);
    free(owned);
}

static void make_compressors_key(void) { pthread_key_create(&compressors_key, free_compressors); }

static struct libdeflate_compressor *compressor(int level) {
    pthread_once(&compressors_once, make_compressors_key);
    compressors *owned = pthread_getspecific(compressors_key);
    if (owned == NULL) {
        owned = calloc(1, sizeof *owned);
        if (owned == NULL || pthread_setspecific(compressors_key, owned) != 0) {
            free(owned);
            return NULL;
        }
    }
    if (owned->byLevel[level] == NULL) owned->byLevel[level] = libdeflate_alloc_compressor(level);
    return owned->byLevel[level];
}

/// The zlib stream of `rows`, in a malloc'd buffer.
static uint8_t *compress_rows(const uint8_t *rows, size_t size, int level, size_t *compressed_size) {
    struct libdeflate_compressor *deflater = compressor(level);
    if (deflater == NULL) return NULL;
    size_t bound = libdeflate_zlib_compress_bound(deflater, size);
    uint8_t *compressed = malloc(bound);
    if (compressed == NULL) return NULL;
    *compressed_size = libdeflate_zlib_compress(deflater, rows, size, compressed, bound);
    if (*compressed_size == 0) {
        free(compressed);
        return NULL;
    }
    return compressed;
}

/// Frees what was written so far: a failed encoding leaves nothing to free.
static void release(gtz_png_output *output) {
    free(output->data);
    output->data = NULL;
    output->size = 0;
}

static int fail(gtz_png_output *output, const char *message) {
    snprintf(output->message, sizeof output->message, "%s", message);
    return 1;
}

int gtz_png_encode(const gtz_png_image *image, gtz_png_output *output) {
    output->data = NULL;
    output->size = 0;
    output->message[0] = '\0';
    if (image->width == 0 || image->height == 0) return fail(output, "an image needs at least one pixel");
    if (image->compression_level < 0 || image->compression_level > 9)
        return fail(output, "the compression level must be 0...9");
    int palette = image->layout == GTZ_PNG_PALETTE;
    int bit_depth = palette ? image->bit_depth : 8;
    if (palette) {
        if (bit_depth != 1 && bit_depth != 2 && bit_depth != 4 && bit_depth != 8)
            return fail(output, "a palette image has 1, 2, 4 or 8 bits per pixel");
        if (image->palette_count < 1 || image->palette_count > (1 << bit_depth))
            return fail(output, "the palette does not fit the bit depth");
        if (image->alpha_count < 0 || image->alpha_count > image->palette_count)
            return fail(output, "more alpha entries than palette entries");
    }

    size_t rows_size = 0, compressed_size = 0;
    uint8_t *rows = gtz_png_filtered_rows(image, bit_depth, &rows_size);
    if (rows == NULL) return fail(output, "out of memory filtering the rows");
    uint8_t *compressed = compress_rows(rows, rows_size, image->compression_level, &compressed_size);
    free(rows);
    if (compressed == NULL) return fail(output, "libdeflate could not compress the rows");
    // Volatile: read after a longjmp back to setjmp.
    uint8_t *volatile image_data = compressed;

    // Everything but the image data fits in this: signature, IHDR, a full PLTE and tRNS, and
    // the IDAT and IEND chunk frames, so on_write never has to grow it.
    write_state state = {output, compressed_size + 1200};
    output->data = malloc(state.capacity);
    if (output->data == NULL) {
        free(compressed);
        return fail(output, "out of memory");
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (png == NULL) {
        free(compressed);
        release(output);
        return fail(output, "cannot create a libpng writer");
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        free(compressed);
        release(output);
        return fail(output, "cannot create a libpng info struct");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(image_data);
        release(output);
        return 1;
    }

    png_set_write_fn(png, &state, on_write, on_flush);
    png_set_IHDR(png, info, image->width, image->height, bit_depth,
                 palette ? PNG_COLOR_TYPE_PALETTE : PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    if (palette) {
        png_color colors[256];
        for (int i = 0; i < image->palette_count; i++) {
            colors[i].red = image->palette_rgb[3 * i];
            colors[i].green = image->palette_rgb[3 * i + 1];
            colors[i].blue = image->palette_rgb[3 * i + 2];
        }
        png_set_PLTE(png, info, colors, image->palette_count);
        if (image->alpha_count > 0)
            png_set_tRNS(png, info, image->palette_alpha, image->alpha_count, NULL);
    }
    png_write_info(png, info);
    png_write_chunk(png, (png_const_bytep) "IDAT", image_data, compressed_size);
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    png_destroy_write_struct(&png, &info);
    free(image_data);
    return 0;
}

const char *gtz_png_library_version(void) { return png_get_libpng_ver(NULL); }
