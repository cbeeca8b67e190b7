import ArgumentParser

/// The `geotoolz` command line: one subcommand per job.
@main
struct GeoToolzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geotoolz",
        abstract: "A raster XYZ tile server built on an operator algebra.",
        subcommands: [
            PipelineCommand.self, RenderCommand.self, ServeCommand.self, BenchRenderCommand.self, PrewarmCommand.self,
            CacheCommand.self, ExportCommand.self, MosaicCommand.self, DiffCommand.self, ArtifactCommand.self,
        ]
    )
}
