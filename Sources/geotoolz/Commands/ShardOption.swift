import ArgumentParser
import Foundation
import GeoToolzSeed

/// `--shard` of `prewarm` and `export`: `I/N`, or `auto/N` with I from the scheduler's environment.
enum ShardOption {
    static func parse(_ text: String) throws -> Shard {
        do {
            return try Shard(parsing: text, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("--shard: \(error)")
        }
    }
}
