#include "png_rows.h"

#include <stdlib.h>
#include <string.h>

// The five filter types of the PNG specification (section 9) and the minimum-sum-of-absolute-
// differences choice libpng makes for "all filters". `bpp` is the bytes of one pixel, at least 1.

enum { FILTER_NONE = 0, FILTER_SUB = 1, FILTER_UP = 2, FILTER_AVERAGE = 3, FILTER_PAETH = 4 };

static uint8_t paeth(uint8_t left, uint8_t above, uint8_t upper_left) {
    int estimate = left + above - upper_left;
    int to_left = abs(estimate - left), to_above = abs(estimate - above), to_corner = abs(estimate - upper_left);
    if (to_left <= to_above && to_left <= to_corner) return left;
    return to_above <= to_corner ? above : upper_left;
}

static void filter_row(int type, const uint8_t *row, const uint8_t *prior, size_t length, size_t bpp, uint8_t *out) {
    switch (type) {
    case FILTER_NONE:
        memcpy(out, row, length);
        break;
    case FILTER_SUB:
        for (size_t i = 0; i < length; i++) out[i] = row[i] - (i >= bpp ? row[i - bpp] : 0);
        break;
    case FILTER_UP:
        for (size_t i = 0; i < length; i++) out[i] = row[i] - prior[i];
        break;
    case FILTER_AVERAGE:
        for (size_t i = 0; i < length; i++) out[i] = row[i] - (uint8_t)(((i >= bpp ? row[i - bpp] : 0) + prior[i]) / 2);
        break;
    case FILTER_PAETH:
        for (size_t i = 0; i < length; i++)
            out[i] = row[i] - paeth(i >= bpp ? row[i - bpp] : 0, prior[i], i >= bpp ? prior[i - bpp] : 0);
        break;
    }
}

// Packs one row of palette indices (one per byte) to 1, 2 or 4 bits, leftmost pixel in the high
// bits. Shifts by the constant depth, not a division per pixel: this runs for every pixel of most
// colormapped tiles.
static void pack_row(const uint8_t *indices, uint32_t width, int bit_depth, uint8_t *out, size_t length) {
    memset(out, 0, length);
    switch (bit_depth) {
    case 4:
        for (uint32_t x = 0; x < width; x++) out[x >> 1] |= (uint8_t)(indices[x] << (4 - 4 * (x & 1)));
        break;
    case 2:
        for (uint32_t x = 0; x < width; x++) out[x >> 2] |= (uint8_t)(indices[x] << (6 - 2 * (x & 3)));
        break;
    default:
        for (uint32_t x = 0; x < width; x++) out[x >> 3] |= (uint8_t)(indices[x] << (7 - (x & 7)));
        break;
    }
}

static size_t absolute_sum(const uint8_t *filtered, size_t length) {
    size_t sum = 0;
    for (size_t i = 0; i < length; i++) sum += filtered[i] < 128 ? filtered[i] : 256 - filtered[i];
    return sum;
}

uint8_t *gtz_png_filtered_rows(const gtz_png_image *image, int bit_depth, size_t *size) {
    int palette = image->layout == GTZ_PNG_PALETTE;
    size_t bpp = palette ? 1 : 4;
    size_t stride = (size_t)image->width * bpp;
    size_t length = palette ? ((size_t)image->width * bit_depth + 7) / 8 : stride;
    *size = (size_t)image->height * (length + 1);
    uint8_t *out = malloc(*size);
    // Packed rows (current and prior) and, for the adaptive choice, one candidate per filter.
    uint8_t *scratch = calloc(7, length);
    if (out == NULL || scratch == NULL) {
        free(out);
        free(scratch);
        return NULL;
    }
    uint8_t *prior = scratch, *packed = scratch + length, *candidates = scratch + 2 * length;
    int adaptive = image->filter == GTZ_PNG_FILTER_ADAPTIVE;
    for (uint32_t y = 0; y < image->height; y++) {
        const uint8_t *row = image->pixels + y * stride;
        if (palette && bit_depth < 8) {
            pack_row(row, image->width, bit_depth, packed, length);
            row = packed;
        }
        uint8_t *line = out + y * (length + 1);
        if (!adaptive) {
            line[0] = (uint8_t)image->filter;
            filter_row(image->filter, row, prior, length, bpp, line + 1);
        } else {
            int best = FILTER_NONE;
            size_t best_sum = (size_t)-1;
            for (int type = FILTER_NONE; type <= FILTER_PAETH; type++) {
                filter_row(type, row, prior, length, bpp, candidates + type * length);
                size_t sum = absolute_sum(candidates + type * length, length);
                if (sum < best_sum) {
                    best_sum = sum;
                    best = type;
                }
            }
            line[0] = (uint8_t)best;
            memcpy(line + 1, candidates + best * length, length);
        }
        memcpy(prior, row, length);
    }
    free(scratch);
    return out;
}
