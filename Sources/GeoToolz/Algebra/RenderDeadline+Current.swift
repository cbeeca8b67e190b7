#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension RenderDeadline {
    /// The deadline of the render running on this thread; nil outside one.
    ///
    /// Renders run on threads of their own (the server's render pool, a command's main thread),
    /// so the deadline is kept per thread: operators find it here instead of through every
    /// `apply` signature. Read it once per `apply` and check the copy in loops.
    public static var current: RenderDeadline? {
        guard let bits = pthread_getspecific(CurrentRenderDeadline.key) else { return nil }
        return RenderDeadline(uptimeNanoseconds: UInt64(UInt(bitPattern: bits)))
    }

    /// Runs `body` with this deadline as the thread's `current` one (or the enclosing deadline,
    /// when that passes sooner), and restores the enclosing one afterwards.
    public func run<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        let key = CurrentRenderDeadline.key
        let enclosing = pthread_getspecific(key)
        let effective = Self.current.map { Swift.min($0, self) } ?? self
        // The deadline itself is the stored "pointer": no allocation, nothing to free.
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: UInt(effective.uptimeNanoseconds)))
        defer { pthread_setspecific(key, enclosing) }
        return try body()
    }

    /// Throws `RenderDeadlineExceeded` when this thread's render has passed its deadline; does
    /// nothing outside a render.
    public static func checkCurrent() throws(RenderDeadlineExceeded) {
        try current?.check()
    }
}

/// The thread-specific slot holding the current deadline's bits (nil: none).
private enum CurrentRenderDeadline {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "cannot create the render deadline's thread-specific key (error \(status))")
        return key
    }()
}
