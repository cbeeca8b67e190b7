import ArgumentParser
import GeoToolzCache
import GeoToolzSeed

/// `geotoolz cache stats|purge`: a layer's tiles in the shared Redis cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Count or remove a layer's tiles in the Redis cache.",
        discussion: """
            Keys are found with SCAN and removed with UNLINK (never KEYS), so a large Redis keeps \
            serving while this runs. Every version of a layer's tiles is matched, whichever pipeline \
            or data they were rendered from.
            """,
        subcommands: [Stats.self, Purge.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "A layer's name; repeat for several.")
        var layer: [String] = []

        @Option(help: "The Redis holding the tiles.")
        var redis = "redis://127.0.0.1:6379/0"

        func validate() throws {
            guard !layer.isEmpty else { throw ValidationError("name the layer with --layer NAME") }
        }

        /// Connects, or exits 1 saying why.
        func connect() throws -> RedisKeyspace {
            let url: RedisURL
            do { url = try RedisURL(parsing: redis) } catch { throw ValidationError("--redis: \(error)") }
            do {
                return try RedisKeyspace(url: url)
            } catch {
                printError("error: cannot reach Redis at \(url): \(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print how many tiles of a layer Redis holds, and their bytes.")

        @OptionGroup var options: Options

        func run() throws {
            let keyspace = try options.connect()
            for layer in options.layer {
                do {
                    let stats = try keyspace.stats(layer: layer)
                    print("\(layer): \(stats.keys) tiles, \(ProgressReporter.size(stats.bytes))")
                } catch {
                    printError("error: counting the tiles of \(layer): \(error)")
                    throw ExitCode.failure
                }
            }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove every tile of a layer from Redis.")

        @OptionGroup var options: Options

        func run() throws {
            let keyspace = try options.connect()
            for layer in options.layer {
                do {
                    print("\(layer): removed \(try keyspace.purge(layer: layer)) tiles")
                } catch {
                    printError("error: removing the tiles of \(layer): \(error)")
                    throw ExitCode.failure
                }
            }
        }
    }
}
