import CMalloc

/// How `geotoolz serve` asks glibc's allocator to hold memory.
///
/// glibc gives each thread that allocates its own arena, up to eight per core, and a freed block
/// stays in its arena: with event-loop, render and Redis threads each churning tile buffers, the
/// resident size grows by the sum of every arena's high-water mark. A server that bounds its
/// caches bounds its memory only if the allocator does not multiply it.
enum MemoryAllocator {
    /// Arenas shared by all threads; glibc's own default on two cores would be sixteen.
    static let arenas: Int32 = 2

    /// Limits the arenas; call before the threads start.
    static func limitArenas() {
        _ = mallopt(M_ARENA_MAX, arenas)
    }

    /// Returns freed memory to the system, e.g. what loading layers used once.
    static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
