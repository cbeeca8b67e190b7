#include "jpeg_encoder.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <turbojpeg.h>

// TurboJPEG, not libjpeg's classic API: the classic API reports errors by longjmp, which Swift
// cannot survive, while TurboJPEG catches them itself and returns -1 with a message. This file
// only keeps one compressor per thread and turns TurboJPEG's status into ours.

static pthread_key_t handle_key;
static pthread_once_t handle_once = PTHREAD_ONCE_INIT;

static void destroy_handle(void *handle) { tjDestroy(handle); }

static void make_handle_key(void) { pthread_key_create(&handle_key, destroy_handle); }

/// The calling thread's compressor, made on first use: a handle serves one thread at a time, and
/// making one per tile would set up and tear down libjpeg's state every time.
static tjhandle thread_handle(void) {
    pthread_once(&handle_once, make_handle_key);
    tjhandle handle = pthread_getspecific(handle_key);
    if (handle == NULL) {
        handle = tjInitCompress();
        if (handle == NULL) return NULL;
        if (pthread_setspecific(handle_key, handle) != 0) {
            tjDestroy(handle);
            return NULL;
        }
    }
    return handle;
}

/// Drops the thread's compressor after a failure, so the next tile starts from a fresh one.
static void forget_handle(tjhandle handle) {
    pthread_setspecific(handle_key, NULL);
    tjDestroy(handle);
}

static int fail(gtz_jpeg_output *output, const char *message) {
    snprintf(output->message, sizeof output->message, "%s", message);
    return 1;
}

static int tj_subsampling(gtz_jpeg_subsampling subsampling) {
    switch (subsampling) {
    case GTZ_JPEG_444: return TJSAMP_444;
    case GTZ_JPEG_422: return TJSAMP_422;
    case GTZ_JPEG_420: return TJSAMP_420;
    }
    return -1;
}

int gtz_jpeg_encode(const gtz_jpeg_image *image, gtz_jpeg_output *output) {
    output->data = NULL;
    output->size = 0;
    output->message[0] = '\0';
    if (image->width == 0 || image->height == 0) return fail(output, "an image needs at least one pixel");
    // JPEG's frame header holds 16-bit sizes.
    if (image->width > 65535 || image->height > 65535)
        return fail(output, "a JPEG image is at most 65535 pixels wide and tall");
    if (image->quality < 1 || image->quality > 100) return fail(output, "the quality must be 1...100");
    int subsampling = tj_subsampling(image->subsampling);
    if (subsampling < 0) return fail(output, "unknown chroma subsampling");

    tjhandle handle = thread_handle();
    if (handle == NULL) return fail(output, "TurboJPEG: cannot create a compressor");
    unsigned char *data = NULL;
    unsigned long size = 0;
    // The accurate integer DCT: TurboJPEG compresses with the fast one unless told, which loses
    // more than the quality asks for.
    int status = tjCompress2(handle, image->rgbx, (int)image->width, 0, (int)image->height, TJPF_RGBX, &data, &size,
                             subsampling, image->quality, TJFLAG_ACCURATEDCT);
    if (status != 0) {
        snprintf(output->message, sizeof output->message, "TurboJPEG: %s", tjGetErrorStr2(handle));
        tjFree(data);
        forget_handle(handle);
        return 1;
    }
    output->data = data;
    output->size = size;
    return 0;
}

void gtz_jpeg_free(void *data) { tjFree(data); }
