import ArgumentParser
import GeoToolz

/// `geotoolz pipeline …`: check and fingerprint pipeline configs.
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Validate pipeline configs and print their canonical form and hash.",
        subcommands: [Validate.self, Hash.self]
    )

    struct Options: ParsableArguments {
        @Argument(help: "A pipeline config, YAML or JSON ({_target_: Name, ...}).")
        var file: String

        @Option(parsing: .unconditional, help: "How deeply operators may nest.")
        var maxDepth = PipelineLimits().maxDepth

        @Option(parsing: .unconditional, help: "How many operators a pipeline may hold.")
        var maxOperators = PipelineLimits().maxOperators

        func validate() throws {
            try require(maxDepth, within: 1...1_000, for: "--max-depth")
            try require(maxOperators, within: 1...1_000_000, for: "--max-operators")
        }

        /// Loads the file through the sandboxed loader, or exits 1 with the located error.
        func load() throws -> any Operator {
            let loader = PipelineLoader(
                registry: .standard,
                limits: PipelineLimits(maxDepth: maxDepth, maxOperators: maxOperators))
            do {
                return try loader.load(contentsOf: file)
            } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a config builds; print its hash.")

        @OptionGroup var options: Options

        func run() throws {
            let pipeline = try options.load()
            print("ok \(pipeline.configHash) \(options.file) (\(pipeline.registryName), halo \(pipeline.halo))")
        }
    }

    struct Hash: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a config's canonical JSON form and its SHA-256.")

        @OptionGroup var options: Options

        func run() throws {
            let pipeline = try options.load()
            print(CanonicalJSON.string(pipeline.config))
            print(pipeline.configHash)
        }
    }
}
