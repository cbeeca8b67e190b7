import CMalloc

/// How `geotoolz serve` hands memory back to the system through glibc's allocator.
enum MemoryAllocator {
    /// Returns freed memory to the system, e.g. what loading layers used once.
    static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
