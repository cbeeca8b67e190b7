#include "png_encoder.h"

#include <png.h>
#include <setjmp.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libpng reports errors by longjmp, which Swift cannot catch: every libpng call stays in
// this file, behind one setjmp, and the caller only sees a status and a message.

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

static int filter_mask(gtz_png_filter filter) {
    switch (filter) {
    case GTZ_PNG_FILTER_NONE: return PNG_FILTER_NONE;
    case GTZ_PNG_FILTER_SUB: return PNG_FILTER_SUB;
    case GTZ_PNG_FILTER_UP: return PNG_FILTER_UP;
    case GTZ_PNG_FILTER_AVERAGE: return PNG_FILTER_AVG;
    case GTZ_PNG_FILTER_PAETH: return PNG_FILTER_PAETH;
    case GTZ_PNG_FILTER_ADAPTIVE: return PNG_ALL_FILTERS;
    }
    return PNG_FILTER_NONE;
}

static int zlib_strategy(gtz_png_strategy strategy) {
    switch (strategy) {
    case GTZ_PNG_STRATEGY_DEFAULT: return Z_DEFAULT_STRATEGY;
    case GTZ_PNG_STRATEGY_FILTERED: return Z_FILTERED;
    case GTZ_PNG_STRATEGY_RLE: return Z_RLE;
    }
    return Z_DEFAULT_STRATEGY;
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

    write_state state = {output, 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (png == NULL) return fail(output, "cannot create a libpng writer");
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return fail(output, "cannot create a libpng info struct");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(output->data);
        output->data = NULL;
        output->size = 0;
        return 1;
    }

    png_set_write_fn(png, &state, on_write, on_flush);
    png_set_compression_level(png, image->compression_level);
    png_set_compression_strategy(png, zlib_strategy(image->strategy));
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filter_mask(image->filter));
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
    // Palette indices come one per byte; libpng packs them to the bit depth.
    if (palette && bit_depth < 8) png_set_packing(png);

    size_t stride = (size_t)image->width * (palette ? 1 : 4);
    for (uint32_t row = 0; row < image->height; row++)
        png_write_row(png, (png_const_bytep)(image->pixels + row * stride));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}
