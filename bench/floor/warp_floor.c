/*
 * warp_floor: the floor of a tile read on this machine, with this GDAL.
 *
 * A plain C program reading Web Mercator tiles of one raster the way GeoToolz does (and
 * `gdalwarp -t_srs EPSG:3857 -ot Float32 -r <kernel>` would): the source's nodata applied,
 * Float32 out, pixels no source reaches left NaN, gdalwarp's overview choice and its linear
 * approximation of the reprojection (-et 0.125). It does what a careful C caller would and
 * nothing more: the dataset, its overviews, a transformer and a warp operation per level are
 * made once; each tile re-aims the transformer, warps into one reused MEM dataset and copies
 * the pixels out.
 *
 *   warp_floor RASTER TILES [--resampling nearest|bilinear|cubic] [--size 256] [--band 1]
 *              [--rounds 5]
 *
 * TILES holds one "z/x/y" per line. One untimed pass, then ROUNDS timed passes, one thread.
 * Prints one JSON object: per-tile milliseconds (mean, median, p99) over every timed read.
 */
#include <gdal.h>
#include <gdal_alg.h>
#include <gdalwarper.h>
#include <cpl_conv.h>
#include <cpl_string.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LEVELS 32
#define HALF_WORLD 20037508.342789244

typedef struct {
    GDALDatasetH dataset;
    void *projection;             /* GenImgProj: source pixel <-> destination pixel */
    void *approximation;          /* its linear approximation, which owns it */
    GDALWarpOperationH operation; /* made on the level's first tile */
} Level;

static void fail(const char *what) {
    fprintf(stderr, "warp_floor: %s: %s\n", what, CPLGetLastErrorMsg());
    exit(1);
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void open_level(Level *level, GDALDatasetH dataset) {
    char **options = CSLSetNameValue(NULL, "DST_SRS", "EPSG:3857");
    level->dataset = dataset;
    level->operation = NULL;
    level->projection = GDALCreateGenImgProjTransformer2(dataset, NULL, options);
    CSLDestroy(options);
    if (level->projection == NULL) fail("relating the raster to EPSG:3857");
    level->approximation = GDALCreateApproxTransformer(GDALGenImgProjTransform, level->projection, 0.125);
    GDALApproxTransformerOwnsSubtransformer(level->approximation, TRUE);
}

/* The warp of one band of LEVEL into DESTINATION, as gdalwarp sets it up. */
static GDALWarpOperationH make_operation(Level *level, GDALDatasetH destination, int band, GDALResampleAlg algorithm,
                                         int has_nodata, double nodata) {
    GDALWarpOptions *options = GDALCreateWarpOptions();
    options->hSrcDS = level->dataset;
    options->hDstDS = destination;
    options->eResampleAlg = algorithm;
    options->nBandCount = 1;
    options->panSrcBands = CPLMalloc(sizeof(int));
    options->panSrcBands[0] = band;
    options->panDstBands = CPLMalloc(sizeof(int));
    options->panDstBands[0] = 1;
    if (has_nodata) {
        options->padfSrcNoDataReal = CPLMalloc(sizeof(double));
        options->padfSrcNoDataReal[0] = nodata;
    }
    options->papszWarpOptions = CSLSetNameValue(options->papszWarpOptions, "INIT_DEST", "NaN");
    options->pfnTransformer = GDALApproxTransform;
    options->pTransformerArg = level->approximation;
    GDALWarpOperationH operation = GDALCreateWarpOperation(options);
    if (operation == NULL) fail("preparing the warp");
    options->pTransformerArg = NULL; /* the level keeps its transformer */
    GDALDestroyWarpOptions(options);
    return operation;
}

/* gdalwarp's -ovr AUTO: the coarsest overview still at least as fine as the target. */
static int choose_overview(double target_ratio, int full_width, const int *widths, int count) {
    if (count == 0 || target_ratio <= 1) return -1;
    int level = -1;
    while (level < count - 1) {
        double here = level < 0 ? 1 : (double)full_width / widths[level];
        double next = (double)full_width / widths[level + 1];
        if (here < target_ratio && next > target_ratio) break;
        if (fabs(here - target_ratio) < 0.1) break;
        level++;
    }
    return level;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: warp_floor RASTER TILES [--resampling K] [--size N] [--band B] [--rounds R]\n");
        return 2;
    }
    const char *raster = argv[1], *tiles_path = argv[2], *kernel = "nearest";
    int size = 256, band = 1, rounds = 5;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--resampling")) kernel = argv[i + 1];
        else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--band")) band = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
        else { fprintf(stderr, "warp_floor: unknown option %s\n", argv[i]); return 2; }
    }
    GDALResampleAlg algorithm = !strcmp(kernel, "nearest") ? GRA_NearestNeighbour
                              : !strcmp(kernel, "bilinear") ? GRA_Bilinear
                              : !strcmp(kernel, "cubic") ? GRA_Cubic : -1;
    if ((int)algorithm < 0 || size < 1 || size > 4096 || rounds < 1) {
        fprintf(stderr, "warp_floor: bad --resampling, --size or --rounds\n");
        return 2;
    }

    FILE *list = fopen(tiles_path, "r");
    if (list == NULL) { perror(tiles_path); return 1; }
    int capacity = 1024, count = 0;
    int (*tiles)[3] = malloc(sizeof *tiles * capacity);
    while (fscanf(list, "%d/%d/%d", &tiles[count][0], &tiles[count][1], &tiles[count][2]) == 3) {
        if (++count == capacity) tiles = realloc(tiles, sizeof *tiles * (capacity *= 2));
    }
    fclose(list);
    if (count == 0) { fprintf(stderr, "warp_floor: no z/x/y lines in %s\n", tiles_path); return 1; }

    GDALAllRegister();
    GDALDatasetH source = GDALOpen(raster, GA_ReadOnly);
    if (source == NULL) fail(raster);
    GDALRasterBandH source_band = GDALGetRasterBand(source, band);
    if (source_band == NULL) fail("the band");
    int has_nodata = 0;
    double nodata = GDALGetRasterNoDataValue(source_band, &has_nodata);
    int full_width = GDALGetRasterXSize(source);

    /* The full raster and each overview, opened as datasets of their own (OVERVIEW_LEVEL). */
    Level levels[MAX_LEVELS + 1];
    int widths[MAX_LEVELS];
    int overviews = GDALGetOverviewCount(source_band);
    if (overviews > MAX_LEVELS) overviews = MAX_LEVELS;
    open_level(&levels[0], source);
    for (int i = 0; i < overviews; i++) {
        char value[16];
        snprintf(value, sizeof value, "%d", i);
        char **open_options = CSLSetNameValue(NULL, "OVERVIEW_LEVEL", value);
        GDALDatasetH overview = GDALOpenEx(raster, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL,
                                           (const char *const *)open_options, NULL);
        CSLDestroy(open_options);
        if (overview == NULL) fail("an overview");
        widths[i] = GDALGetRasterXSize(overview);
        open_level(&levels[i + 1], overview);
    }

    GDALDriverH memory = GDALGetDriverByName("MEM");
    GDALDatasetH destination = GDALCreate(memory, "", size, size, 1, GDT_Float32, NULL);
    GDALSetProjection(destination, "EPSG:3857");
    float *pixels = malloc(sizeof(float) * size * size);

    double *times = malloc(sizeof(double) * count * rounds);
    int timed = 0;
    long long valid = 0;
    for (int round = 0; round <= rounds; round++) {
        for (int t = 0; t < count; t++) {
            double started = now_ms();
            int z = tiles[t][0], x = tiles[t][1], y = tiles[t][2];
            double span = 2 * HALF_WORLD / (double)(1 << z);
            double transform[6] = {-HALF_WORLD + x * span, span / size, 0, HALF_WORLD - y * span, 0, -span / size};

            /* The overview: source pixels spanned by the tile's width, from a 10 x 10 grid. */
            GDALSetGenImgProjTransformerDstGeoTransform(levels[0].projection, transform);
            double px[100], py[100], pz[100];
            int ok[100];
            for (int c = 0; c < 10; c++)
                for (int r = 0; r < 10; r++) {
                    px[c * 10 + r] = size * c / 9.0;
                    py[c * 10 + r] = size * r / 9.0;
                    pz[c * 10 + r] = 0;
                }
            GDALGenImgProjTransform(levels[0].projection, TRUE, 100, px, py, pz, ok);
            double low = INFINITY, high = -INFINITY;
            for (int i = 0; i < 100; i++)
                if (ok[i]) { low = fmin(low, px[i]); high = fmax(high, px[i]); }
            int overview = high > low ? choose_overview((high - low) / size, full_width, widths, overviews) : -1;
            Level *level = &levels[overview + 1];
            if (overview >= 0) GDALSetGenImgProjTransformerDstGeoTransform(level->projection, transform);

            if (level->operation == NULL) level->operation = make_operation(level, destination, band, algorithm,
                                                                            has_nodata, nodata);
            if (GDALChunkAndWarpImage(level->operation, 0, 0, size, size) != CE_None) fail("warping");
            if (GDALDatasetRasterIO(destination, GF_Read, 0, 0, size, size, pixels, size, size, GDT_Float32, 1,
                                    NULL, 0, 0, 0) != CE_None)
                fail("copying the pixels out");
            double elapsed = now_ms() - started;
            if (round > 0) {
                times[timed++] = elapsed;
                for (int i = 0; i < size * size; i++) valid += !isnan(pixels[i]);
            }
        }
    }
    double total = 0;
    for (int i = 0; i < timed; i++) total += times[i];
    qsort(times, timed, sizeof(double), compare_doubles);
    int p99 = (int)ceil(0.99 * timed) - 1;
    printf("{\"raster\": \"%s\", \"resampling\": \"%s\", \"size\": %d, \"tiles\": %d, \"rounds\": %d, "
           "\"gdal\": \"%s\", \"read_ms\": {\"mean\": %.4f, \"median\": %.4f, \"p99\": %.4f}, "
           "\"valid_fraction\": %.4f}\n",
           raster, kernel, size, count, rounds, GDALVersionInfo("RELEASE_NAME"), total / timed,
           times[timed / 2], times[p99 < 0 ? 0 : p99], (double)valid / ((double)timed * size * size));
    return 0;
}
