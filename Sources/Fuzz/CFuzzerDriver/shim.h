// libFuzzer's entry for programs that keep their own main (LLVM's FuzzerInterface.h).
// The fuzz build links libclang_rt.fuzzer_no_main, which defines it.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
