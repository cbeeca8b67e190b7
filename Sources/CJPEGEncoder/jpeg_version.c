#include "jpeg_encoder.h"

#include <jconfig.h>

// jconfig.h defines the version as bare tokens (2.1.5), not a string: stringify it.
#define GTZ_STRING(x) #x
#define GTZ_EXPAND(x) GTZ_STRING(x)

const char *gtz_jpeg_turbo_version(void) { return GTZ_EXPAND(LIBJPEG_TURBO_VERSION); }
