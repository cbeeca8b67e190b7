import Atomics

/// The one answer a render gives the requests waiting for it: whichever comes first of the
/// render's own outcome (on its render thread) and the budget's timer (on an event loop).
///
/// `SingleFlight` expects its completion to be called exactly once; a render that outlives its
/// budget would otherwise answer a second time, possibly to a later flight of the same key. The
/// loser of the race gives nothing: a tile finished after the client was told 503 is dropped,
/// neither sent nor cached.
final class RenderAnswer<Value: Sendable>: Sendable {
    private let answered = ManagedAtomic(false)
    private let complete: @Sendable (Result<Value, any Error>) -> Void

    init(_ complete: @escaping @Sendable (Result<Value, any Error>) -> Void) {
        self.complete = complete
    }

    /// Answers with what `make` gives, unless an answer was given already; whether this one was.
    /// `make` runs only for the winner, so side effects (filling the caches) happen only when
    /// the result is really delivered.
    @discardableResult
    func give(_ make: () -> Result<Value, any Error>) -> Bool {
        guard answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return false }
        complete(make())
        return true
    }
}
